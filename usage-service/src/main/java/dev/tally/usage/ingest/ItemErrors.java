package dev.tally.usage.ingest;

import dev.tally.common.v1.FieldViolation;
import dev.tally.common.v1.ItemError;
import dev.tally.support.error.GrpcErrors;
import dev.tally.support.error.ItemFailure;

/** A failure as a batch or stream item's {@code tally.common.v1.ItemError}: exactly what the unary call would return. */
public final class ItemErrors {

    private ItemErrors() {
    }

    public static ItemError of(Throwable failure) {
        ItemFailure f = ItemFailure.of(failure);
        ItemError.Builder b = ItemError.newBuilder().setCode(f.code()).setReason(f.reason()).setMessage(f.message())
                .putAllMetadata(f.metadata());
        f.fieldViolations().forEach(v -> b.addFieldViolations(
                FieldViolation.newBuilder().setField(v.field()).setDescription(v.description())));
        if (f.code() == io.grpc.Status.Code.UNAVAILABLE.value()) {
            b.setRetryDelay(com.google.protobuf.Duration.newBuilder().setSeconds(GrpcErrors.RETRY_DELAY_SECONDS));
        }
        return b.build();
    }
}
