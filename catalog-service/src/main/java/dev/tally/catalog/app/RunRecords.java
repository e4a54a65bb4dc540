package dev.tally.catalog.app;

import com.google.protobuf.Empty;
import dev.tally.support.idempotency.IdempotencyStore;
import dev.tally.support.idempotency.Replies;
import dev.tally.support.idempotency.Reply;
import dev.tally.support.idempotency.RequestKey;
import java.util.UUID;

/**
 * The idempotency records of the sync RPCs (SyncNow, ApplyHeldSync, DiscardHeldSync). Their
 * contract replays the run's report as it is now, not as it was, so a record stores no response
 * (an empty message) and names the run as its resource; a replay reads the run again.
 */
final class RunRecords {

    static final Replies<Empty> REPLIES = Replies.of(Empty.parser(), empty -> empty);

    private RunRecords() {}

    /** What a first call answers: the run it concerned. */
    static Reply<Empty> concerning(UUID runId) {
        return new Reply<>(Empty.getDefaultInstance(), false, runId.toString());
    }

    /** The record of a first call that concerned {@code runId}. */
    static IdempotencyStore.NewRecord record(RequestKey key, UUID runId) {
        return new IdempotencyStore.NewRecord(key, REPLIES.serialise(Empty.getDefaultInstance()), runId.toString());
    }

    /** The run a call (first or replayed) concerned. */
    static UUID runId(String resourceId) {
        return UUID.fromString(resourceId);
    }
}
