package dev.tally.support.proto;

import dev.tally.support.error.Reason;
import dev.tally.support.error.TallyException;
import java.util.List;
import java.util.Map;

/**
 * The size rule of every batch RPC: 1 to {@code max} items. A batch outside it is INVALID_ARGUMENT
 * ({@code VALIDATION_FAILED}, a field violation on the repeated field, metadata {@code max_items}),
 * never RESOURCE_EXHAUSTED, which clients retry as if it were temporary.
 */
public final class BatchLimits {

    private BatchLimits() {}

    /** Throws INVALID_ARGUMENT unless {@code 1 <= count <= max}. */
    public static void requireSize(String field, int count, int max) {
        if (count >= 1 && count <= max) {
            return;
        }
        String description = count == 0
                ? "must not be empty"
                : "must hold at most " + max + " items, got " + count + "; split the batch";
        throw new TallyException(
                Reason.VALIDATION_FAILED,
                field + ": " + description,
                Map.of("max_items", String.valueOf(max)),
                List.of(new TallyException.FieldViolation(field, description)));
    }
}
