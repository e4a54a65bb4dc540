package dev.tally.usage.app;

import dev.tally.usage.domain.WalletOp;

/** What storing one Track item came to ({@code P}: the Track answer). */
public sealed interface TrackOutcome<P> {

    /** A new event, committed with its outbox row ({@code op} null when it needs no wallet call). */
    record Recorded<P>(RecordedEvent event, P response, WalletOp op, Long outboxId) implements TrackOutcome<P> {}

    /** A replay of an event recorded before: its stored answer, duplicate, with the current debit state. */
    record Replayed<P>(P response) implements TrackOutcome<P> {}

    /** Refused (e.g. a key reused with another payload, or the batch's transaction failed). */
    record Failed<P>(Throwable error) implements TrackOutcome<P> {}
}
