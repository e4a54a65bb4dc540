package dev.tally.usage.store;

import dev.tally.usage.ingest.RecordedEvent;
import dev.tally.usage.ingest.WalletOp;
import dev.tally.usage.v1.TrackResponse;

/** How a recorded event becomes its stored answer, its stored detail and its wallet call. */
public interface Rendering {

    /** The Track answer stored with the key (debit PENDING or NOT_REQUIRED as of the commit). */
    TrackResponse response(RecordedEvent event);

    /** The event as listed ({@code tally.usage.v1.UsageEvent} without its current debit and correction state). */
    byte[] detail(RecordedEvent event);

    /** The wallet call the event needs, or null when none (METERED, zero charge without a hold). */
    WalletOp walletOp(RecordedEvent event);

    /** A stored answer as a replay: duplicate, with the event's debit state as it is now. */
    TrackResponse replay(TrackResponse stored, DebitState now);
}
