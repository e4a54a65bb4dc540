package dev.tally.usage.grpc;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.tally.common.v1.ItemError;
import dev.tally.common.v1.Money;
import dev.tally.common.v1.TimeRange;
import dev.tally.common.v1.TokenCounts;
import dev.tally.shared.plan.Period;
import dev.tally.support.proto.Decimals;
import dev.tally.support.proto.ProtoTime;
import dev.tally.usage.domain.DebitStatus;
import dev.tally.usage.domain.EventCharge;
import dev.tally.usage.domain.MeteredSplit;
import dev.tally.usage.domain.Quantity;
import dev.tally.usage.domain.StoredEvent;
import dev.tally.usage.domain.TokenCost;
import dev.tally.usage.v1.BalanceCharge;
import dev.tally.usage.v1.Charge;
import dev.tally.usage.v1.CreditsCharge;
import dev.tally.usage.v1.MeteredCharge;
import dev.tally.usage.v1.MeteredRemaining;
import dev.tally.usage.v1.Remaining;
import dev.tally.usage.v1.TokenUsage;
import dev.tally.usage.v1.UsageEvent;
import dev.tally.usage.v1.WalletRemaining;
import java.math.BigDecimal;

/**
 * The usage contract's messages for events, charges, costs, periods and balances, from domain values.
 * An event's stored detail is its {@link UsageEvent} without the debit and correction state
 * ({@link #stored}); {@link #listed} puts the state of the row back.
 */
final class EventMessages {

    private EventMessages() {}

    static Money money(BigDecimal amount, String currency) {
        return Money.newBuilder()
                .setAmount(Decimals.text(amount))
                .setCurrencyCode(currency)
                .build();
    }

    static TimeRange range(Period period) {
        return TimeRange.newBuilder()
                .setStartTime(ProtoTime.timestamp(period.start()))
                .setEndTime(ProtoTime.timestamp(period.end()))
                .build();
    }

    /** The charge of an event ({@code split} for METERED, {@code shortfall} once the wallet answered, else null). */
    static Charge charge(EventCharge c, MeteredSplit split, BigDecimal shortfall) {
        Charge.Builder b = Charge.newBuilder().setUnits(Decimals.text(c.units()));
        switch (c.model()) {
            case METERED ->
                b.setMetered(MeteredCharge.newBuilder()
                        .setIncludedUnits(Decimals.text(split == null ? BigDecimal.ZERO : split.included()))
                        .setOverageUnits(Decimals.text(split == null ? BigDecimal.ZERO : split.overage())));
            case CREDITS -> {
                CreditsCharge.Builder credits = CreditsCharge.newBuilder()
                        .setCreditsPerUnit(Decimals.text(c.rate()))
                        .setAmount(money(c.amount(), "CREDITS"));
                if (shortfall != null) {
                    credits.setShortfall(money(shortfall, "CREDITS"));
                }
                b.setCredits(credits);
            }
            case BALANCE -> {
                BalanceCharge.Builder balance = BalanceCharge.newBuilder().setAmount(money(c.amount(), c.currency()));
                if (c.tokenCost() != null) {
                    balance.setCost(money(
                                    c.tokenCost().providerCost(), c.tokenCost().costCurrency()))
                            .setMargin(Decimals.text(c.margin()))
                            .setMarginAmount(money(c.marginAmount(), c.currency()));
                } else {
                    balance.setUnitPrice(money(c.rate(), c.currency()));
                }
                if (shortfall != null) {
                    balance.setShortfall(money(shortfall, c.currency()));
                }
                b.setBalance(balance);
            }
        }
        return b.build();
    }

    /** The charge with the wallet's shortfall added (credits and balance charges). */
    static Charge withShortfall(Charge charge, BigDecimal shortfall) {
        if (shortfall == null) {
            return charge;
        }
        return switch (charge.getConsumptionModelCase()) {
            case CREDITS ->
                charge.toBuilder()
                        .setCredits(charge.getCredits().toBuilder().setShortfall(money(shortfall, "CREDITS")))
                        .build();
            case BALANCE ->
                charge.toBuilder()
                        .setBalance(charge.getBalance().toBuilder()
                                .setShortfall(money(
                                        shortfall,
                                        charge.getBalance().getAmount().getCurrencyCode())))
                        .build();
            case METERED, CONSUMPTIONMODEL_NOT_SET -> charge;
        };
    }

    static dev.tally.usage.v1.TokenCost tokenCost(TokenCost cost) {
        return dev.tally.usage.v1.TokenCost.newBuilder()
                .setModelId(cost.modelId())
                .setPriceVersionId(cost.priceVersionId())
                .setProviderCost(money(cost.providerCost(), cost.costCurrency()))
                .setLongContextTier(cost.longContextTier())
                .setBatch(cost.batch())
                .build();
    }

    /** What is left of a METERED feature's allowance after {@code usedAfter} units this period. */
    static Remaining metered(BigDecimal includedUnits, BigDecimal usedAfter) {
        return Remaining.newBuilder()
                .setMetered(MeteredRemaining.newBuilder()
                        .setIncludedUnitsLeft(Decimals.text(MeteredSplit.includedLeft(includedUnits, usedAfter)))
                        .setOverageUnits(Decimals.text(MeteredSplit.overage(includedUnits, usedAfter))))
                .build();
    }

    /** A wallet balance: {@code available} (and held, shortfall when known). */
    static Remaining wallet(boolean credits, String unit, BigDecimal available, BigDecimal held, BigDecimal shortfall) {
        WalletRemaining.Builder w = WalletRemaining.newBuilder().setAvailable(money(available, unit));
        if (held != null) {
            w.setHeld(money(held, unit));
        }
        if (shortfall != null) {
            w.setShortfall(money(shortfall, unit));
        }
        return credits
                ? Remaining.newBuilder().setCredits(w).build()
                : Remaining.newBuilder().setBalance(w).build();
    }

    static dev.tally.usage.v1.DebitStatus debitStatus(DebitStatus status) {
        return switch (status) {
            case NOT_REQUIRED -> dev.tally.usage.v1.DebitStatus.DEBIT_STATUS_NOT_REQUIRED;
            case PENDING -> dev.tally.usage.v1.DebitStatus.DEBIT_STATUS_PENDING;
            case APPLIED -> dev.tally.usage.v1.DebitStatus.DEBIT_STATUS_APPLIED;
            case FAILED -> dev.tally.usage.v1.DebitStatus.DEBIT_STATUS_FAILED;
        };
    }

    /** The quantity as listed: the value normalized, or the model and tokens as sent. */
    static void quantity(UsageEvent.Builder b, Quantity quantity) {
        if (quantity instanceof Quantity.Tokens t) {
            var c = t.counts();
            b.setTokenUsage(TokenUsage.newBuilder()
                    .setModel(t.model())
                    .setTokens(TokenCounts.newBuilder()
                            .setInputTokens(c.input())
                            .setOutputTokens(c.output())
                            .setCacheReadTokens(c.cacheRead())
                            .setCacheWrite5MTokens(c.cacheWrite5m())
                            .setCacheWrite1HTokens(c.cacheWrite1h())
                            .setReasoningTokens(c.reasoning())
                            .setBatch(c.batch())));
        } else {
            b.setValue(Decimals.text(quantity.units()));
        }
    }

    /** An event as listed: its stored detail with the row's debit status, shortfall, error and corrections. */
    static UsageEvent listed(StoredEvent stored) {
        UsageEvent.Builder event = parse(stored.detail()).toBuilder()
                .setDebitStatus(debitStatus(stored.debitStatus()))
                .setRevision(stored.revision());
        if (stored.debitShortfall() != null) {
            event.setCharge(withShortfall(event.getCharge(), stored.debitShortfall()));
        }
        if (stored.debitError() != null) {
            try {
                event.setDebitError(ItemError.parseFrom(stored.debitError()));
            } catch (InvalidProtocolBufferException e) {
                throw new IllegalStateException("unreadable debit error", e);
            }
        }
        if (stored.voidTime() != null) {
            event.setVoidTime(ProtoTime.timestamp(stored.voidTime()));
        }
        if (stored.amendTime() != null) {
            event.setAmendTime(ProtoTime.timestamp(stored.amendTime()));
        }
        return event.build();
    }

    /** The stored detail of an event as listed: without its debit and correction state. */
    static byte[] stored(UsageEvent event) {
        return event.toBuilder()
                .clearDebitStatus()
                .clearDebitError()
                .clearVoidTime()
                .clearAmendTime()
                .clearRevision()
                .build()
                .toByteArray();
    }

    private static UsageEvent parse(byte[] detail) {
        try {
            return UsageEvent.parseFrom(detail);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("unreadable event detail", e);
        }
    }
}
