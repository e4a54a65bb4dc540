package dev.tally.usage.store;

import dev.tally.usage.ingest.RecordedEvent;
import dev.tally.usage.ingest.WalletOp;
import dev.tally.usage.v1.TrackResponse;

/** What storing one Track item came to. */
public sealed interface TrackOutcome {

    /** A new event, committed with its outbox row ({@code op} null when it needs no wallet call). */
    record Recorded(RecordedEvent event, TrackResponse response, WalletOp op, Long outboxId) implements TrackOutcome {
    }

    /** A replay of an event recorded before: its stored answer, duplicate, with the current debit state. */
    record Replayed(TrackResponse response) implements TrackOutcome {
    }

    /** Refused (e.g. a key reused with another payload, or the batch's transaction failed). */
    record Failed(Throwable error) implements TrackOutcome {
    }
}
