package dev.tally.usage.ingest;

import dev.tally.common.v1.TokenCounts;
import dev.tally.support.proto.Decimals;
import dev.tally.support.proto.ProtoTime;
import dev.tally.shared.plan.ConsumptionModel;
import dev.tally.usage.domain.EventCharge;
import dev.tally.usage.domain.Quantity;
import dev.tally.usage.store.DebitState;
import dev.tally.usage.store.DeliveryResult;
import dev.tally.usage.store.Rendering;
import dev.tally.usage.store.TrackOutcome;
import dev.tally.usage.v1.DebitStatus;
import dev.tally.usage.v1.Remaining;
import dev.tally.usage.v1.TokenUsage;
import dev.tally.usage.v1.TrackResponse;
import dev.tally.usage.v1.UsageEvent;
import dev.tally.wallet.v1.CaptureRequest;
import dev.tally.wallet.v1.DebitRequest;
import dev.tally.wallet.v1.ReleaseRequest;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
import java.util.Map;

/**
 * Track's answers, stored details and wallet calls, from recorded events. The answer stored with the
 * key says PENDING (or NOT_REQUIRED) as of the commit; the caller of the first call gets it updated
 * with the wallet's answer ({@link #delivered}), a replay with the event's debit state then
 * ({@link #replay}).
 */
@ApplicationScoped
public class TrackRendering implements Rendering {

    private final LastBalances balances;

    TrackRendering(LastBalances balances) {
        this.balances = balances;
    }

    @Override
    public TrackResponse response(RecordedEvent r) {
        PricedEvent e = r.priced();
        EventCharge c = e.charge();
        TrackResponse.Builder b = TrackResponse.newBuilder()
                .setEventId(r.eventId().toString())
                .setOccurredTime(ProtoTime.timestamp(e.item().occurredTime()))
                .setPeriod(EventMessages.range(e.plan().period()))
                .setCharge(EventMessages.charge(c, r.split(), null))
                .setDebitStatus(c.needsDebit() ? DebitStatus.DEBIT_STATUS_PENDING : DebitStatus.DEBIT_STATUS_NOT_REQUIRED);
        if (c.tokenCost() != null) {
            b.setTokenCost(EventMessages.tokenCost(c.tokenCost()));
        }
        if (c.model() == ConsumptionModel.METERED) {
            Remaining remaining = EventMessages.metered(e.feature().includedUnits(), r.usedAfter());
            b.setRemaining(remaining).setExhausted(
                    new BigDecimal(remaining.getMetered().getIncludedUnitsLeft()).signum() == 0);
        } else {
            BigDecimal last = balances.last(e.item().customerId(), c.currency());
            if (last != null) {
                BigDecimal estimate = c.needsDebit() ? last.subtract(c.amount()) : last;
                b.setRemaining(EventMessages.wallet(c.model() == ConsumptionModel.CREDITS, c.currency(), estimate, null, null))
                        .setExhausted(estimate.signum() <= 0);
            }
        }
        return b.build();
    }

    @Override
    public byte[] detail(RecordedEvent r) {
        PricedEvent e = r.priced();
        EventCharge c = e.charge();
        UsageEvent.Builder b = UsageEvent.newBuilder()
                .setEventId(r.eventId().toString())
                .setCustomerId(e.item().customerId())
                .setFeatureCode(e.item().featureCode())
                .setIdempotencyKey(e.item().key().key())
                .setOccurredTime(ProtoTime.timestamp(e.item().occurredTime()))
                .setCreateTime(ProtoTime.timestamp(r.createTime()))
                .putAllProperties(e.item().request().getPropertiesMap())
                .setSubscriptionId(e.plan().subscriptionId())
                .setPlanId(e.plan().planId())
                .setPlanVersion(e.plan().planVersion())
                .setCharge(EventMessages.charge(c, r.split(), null));
        quantity(b, e.item().quantity());
        if (c.tokenCost() != null) {
            b.setTokenCost(EventMessages.tokenCost(c.tokenCost()));
            if (c.tokenCost().provider() != null) {
                b.setProvider(c.tokenCost().provider());
            }
        }
        if (e.item().holdId() != null) {
            b.setHoldId(e.item().holdId());
        }
        return b.build().toByteArray();
    }

    /** The quantity as listed: the value normalized, or the model and tokens as sent. */
    public static void quantity(UsageEvent.Builder b, Quantity quantity) {
        if (quantity instanceof Quantity.Tokens t) {
            var c = t.counts();
            b.setTokenUsage(TokenUsage.newBuilder().setModel(t.model()).setTokens(TokenCounts.newBuilder()
                    .setInputTokens(c.input()).setOutputTokens(c.output()).setCacheReadTokens(c.cacheRead())
                    .setCacheWrite5MTokens(c.cacheWrite5m()).setCacheWrite1HTokens(c.cacheWrite1h())
                    .setReasoningTokens(c.reasoning()).setBatch(c.batch())));
        } else {
            b.setValue(Decimals.text(quantity.units()));
        }
    }

    @Override
    public dev.tally.usage.ingest.WalletOp walletOp(RecordedEvent r) {
        PricedEvent e = r.priced();
        EventCharge c = e.charge();
        if (c.currency() == null) {
            return null;
        }
        String id = r.eventId().toString();
        String customer = e.item().customerId();
        String description = description(e);
        Map<String, String> metadata = c.tokenCost() == null ? Map.of("feature_code", e.item().featureCode())
                : Map.of("feature_code", e.item().featureCode(), "model_id", c.tokenCost().modelId());
        if (e.item().holdId() != null) {
            if (!c.needsDebit()) {
                return new WalletOp(r.eventId(), customer, WalletOp.Kind.RELEASE, ReleaseRequest.newBuilder()
                        .setCustomerId(customer).setHoldId(e.item().holdId()).setIdempotencyKey(id).build().toByteArray(),
                        "NOT_REQUIRED");
            }
            return new WalletOp(r.eventId(), customer, WalletOp.Kind.CAPTURE, CaptureRequest.newBuilder()
                    .setCustomerId(customer).setHoldId(e.item().holdId())
                    .setFinalAmount(EventMessages.money(c.amount(), c.currency()))
                    .setOccurredTime(ProtoTime.timestamp(e.item().occurredTime()))
                    .setIdempotencyKey(id).setReference(id).setDescription(description).putAllMetadata(metadata)
                    .build().toByteArray(), "APPLIED");
        }
        if (!c.needsDebit()) {
            return null;
        }
        return new WalletOp(r.eventId(), customer, WalletOp.Kind.DEBIT, DebitRequest.newBuilder()
                .setCustomerId(customer).setAmount(EventMessages.money(c.amount(), c.currency()))
                .setOccurredTime(ProtoTime.timestamp(e.item().occurredTime()))
                .setIdempotencyKey(id).setReference(id).setDescription(description).putAllMetadata(metadata)
                .build().toByteArray(), "APPLIED");
    }

    /** The ledger description of an event's debit, e.g. "chat_tokens: gpt-4o, 4800 tokens". */
    static String description(PricedEvent e) {
        EventCharge c = e.charge();
        String what = c.tokenCost() != null ? c.tokenCost().modelId() + ", " + Decimals.text(c.units()) + " tokens"
                : Decimals.text(c.units()) + " units";
        String text = e.item().featureCode() + ": " + what;
        return text.length() > 1024 ? text.substring(0, 1024) : text;
    }

    @Override
    public TrackResponse replay(TrackResponse stored, DebitState now) {
        TrackResponse.Builder b = stored.toBuilder().setDuplicate(true).setDebitStatus(EventMessages.debitStatus(now.status()));
        if ("APPLIED".equals(now.status()) && now.balanceAfter() != null) {
            applied(b, now.shortfall(), now.balanceAfter());
        }
        return b.build();
    }

    /** The first answer after the wallet's: APPLIED with the exact balance, FAILED, or still PENDING. */
    public TrackResponse delivered(TrackOutcome.Recorded recorded, DeliveryResult result) {
        TrackResponse response = recorded.response();
        if (result instanceof DeliveryResult.Acknowledged a) {
            TrackResponse.Builder b = response.toBuilder().setDebitStatus(EventMessages.debitStatus(a.statusAfter()));
            if (a.balanceAfter() != null) {
                String unit = recorded.event().priced().charge().currency();
                balances.remember(recorded.event().priced().item().customerId(), unit, a.balanceAfter());
                applied(b, a.shortfall(), a.balanceAfter());
            }
            return b.build();
        }
        if (result instanceof DeliveryResult.Refused) {
            return response.toBuilder().setDebitStatus(DebitStatus.DEBIT_STATUS_FAILED).build();
        }
        return response;
    }

    private static void applied(TrackResponse.Builder b, BigDecimal shortfall, BigDecimal balanceAfter) {
        String unit = b.getCharge().hasCredits() ? "CREDITS" : b.getCharge().getBalance().getAmount().getCurrencyCode();
        b.setCharge(EventMessages.withShortfall(b.getCharge(), shortfall))
                .setRemaining(EventMessages.wallet(b.getCharge().hasCredits(), unit, balanceAfter, null, null))
                .setExhausted(balanceAfter.signum() <= 0);
    }
}
