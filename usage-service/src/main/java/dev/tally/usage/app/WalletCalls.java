package dev.tally.usage.app;

import dev.tally.support.proto.Decimals;
import dev.tally.usage.client.WalletRequests;
import dev.tally.usage.domain.DebitStatus;
import dev.tally.usage.domain.EventCharge;
import dev.tally.usage.domain.StoredEvent;
import dev.tally.usage.domain.WalletOp;
import java.util.Map;

/**
 * The wallet call each change of an event needs, with its idempotency key (so that a redelivery is
 * applied once): a new event's debit (key and reference: the event id), the capture of its hold, or
 * the release of a hold it did not use; a correction's reversal of the debit in force (key
 * {@code <event>:reverse:<revision>}) and an amendment's new debit (key {@code <event>:<revision>}).
 */
final class WalletCalls {

    private WalletCalls() {}

    /** The wallet call a new event needs, or null when none (METERED, a zero charge without a hold). */
    static WalletOp forEvent(RecordedEvent r) {
        PricedEvent e = r.priced();
        EventCharge c = e.charge();
        if (c.currency() == null) {
            return null;
        }
        String id = r.eventId().toString();
        String customer = e.item().customerId();
        String holdId = e.item().holdId();
        if (holdId != null && !c.needsDebit()) {
            return new WalletOp(
                    r.eventId(),
                    customer,
                    WalletOp.Kind.RELEASE,
                    WalletRequests.release(customer, holdId, id),
                    DebitStatus.NOT_REQUIRED);
        }
        if (holdId == null && !c.needsDebit()) {
            return null;
        }
        Map<String, String> metadata = c.tokenCost() == null
                ? Map.of("feature_code", e.item().featureCode())
                : Map.of(
                        "feature_code",
                        e.item().featureCode(),
                        "model_id",
                        c.tokenCost().modelId());
        String description = description(e);
        if (holdId != null) {
            return new WalletOp(
                    r.eventId(),
                    customer,
                    WalletOp.Kind.CAPTURE,
                    WalletRequests.capture(
                            customer,
                            holdId,
                            c.amount(),
                            c.currency(),
                            e.item().occurredTime(),
                            id,
                            id,
                            description,
                            metadata),
                    DebitStatus.APPLIED);
        }
        return new WalletOp(
                r.eventId(),
                customer,
                WalletOp.Kind.DEBIT,
                WalletRequests.debit(
                        customer, c.amount(), c.currency(), e.item().occurredTime(), id, id, description, metadata),
                DebitStatus.APPLIED);
    }

    /** The ledger description of an event's debit, e.g. "chat_tokens: gpt-4o, 4800 tokens" (at most 1,024 characters). */
    static String description(PricedEvent e) {
        EventCharge c = e.charge();
        String what = c.tokenCost() != null
                ? c.tokenCost().modelId() + ", " + Decimals.text(c.units()) + " tokens"
                : Decimals.text(c.units()) + " units";
        String text = e.item().featureCode() + ": " + what;
        return text.length() > 1024 ? text.substring(0, 1024) : text;
    }

    /** The reversal of the debit in force when a correction is delivered ({@code reason}: the caller's, or a default). */
    static WalletOp reversal(StoredEvent event, String reason, DebitStatus statusAfter) {
        String id = event.eventId().toString();
        return new WalletOp(
                event.eventId(),
                event.customerId(),
                WalletOp.Kind.REVERSE,
                WalletRequests.reverse(event.customerId(), id + ":reverse:" + (event.revision() + 1), reason, id),
                statusAfter);
    }

    /** An amendment's debit of the new charge. */
    static WalletOp amendedDebit(StoredEvent event, EventCharge charge, int revision) {
        String id = event.eventId().toString();
        String feature = event.figures().featureCode();
        return new WalletOp(
                event.eventId(),
                event.customerId(),
                WalletOp.Kind.DEBIT,
                WalletRequests.debit(
                        event.customerId(),
                        charge.amount(),
                        charge.currency(),
                        event.occurredTime(),
                        id + ":" + revision,
                        id,
                        feature + ": amended (revision " + revision + ")",
                        Map.of("feature_code", feature)),
                DebitStatus.APPLIED);
    }
}
