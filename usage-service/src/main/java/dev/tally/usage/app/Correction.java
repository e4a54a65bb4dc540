package dev.tally.usage.app;

import dev.tally.usage.domain.DebitStatus;
import dev.tally.usage.domain.EventCharge;
import dev.tally.usage.domain.EventFigures;
import dev.tally.usage.domain.MeteredSplit;
import dev.tally.usage.domain.Quantity;
import dev.tally.usage.domain.StoredEvent;
import dev.tally.usage.domain.WalletOp;
import java.time.Instant;
import java.util.List;

/**
 * A void or an amendment as decided, for the grpc layer to render (the event's new stored detail
 * and the answer).
 *
 * @param event     the event before it (locked)
 * @param at        when the correction is made (void_time or amend_time)
 * @param revision  the event's revision after it
 * @param status    the event's debit status after it
 * @param ops       the wallet calls it needs, in order (reversal of the debit in force, then the new debit)
 * @param amendment the new quantity and charge; null for a void
 */
public record Correction(
        StoredEvent event, Instant at, int revision, DebitStatus status, List<WalletOp> ops, Amendment amendment) {

    /** An amendment's new quantity, charge ({@code split} for METERED, else null) and figures. */
    public record Amendment(Quantity quantity, EventCharge charge, MeteredSplit split, EventFigures figures) {}

    public boolean voided() {
        return amendment == null;
    }

    /** The event's figures after the correction (a void keeps the old ones: it only stops counting). */
    EventFigures figures() {
        return voided() ? event.figures() : amendment.figures();
    }
}
