package dev.tally.kit.error;

import com.google.protobuf.Duration;
import dev.tally.common.v1.FieldViolation;
import dev.tally.common.v1.ItemError;
import dev.tally.support.error.GrpcErrors;
import dev.tally.support.error.TallyException;
import io.grpc.Status;

/**
 * A failed item of a batch or stream, as its {@code tally.common.v1.ItemError}: exactly what the
 * unary call's error would carry (code, {@code ErrorInfo} reason and metadata, message,
 * {@code BadRequest} field violations, and for UNAVAILABLE the {@code RetryInfo} delay), classified
 * as a unary call's failure is ({@link GrpcErrors#toTallyException}).
 */
public final class ItemErrors {

    private ItemErrors() {}

    public static ItemError of(Throwable failure) {
        TallyException e = GrpcErrors.toTallyException(failure);
        ItemError.Builder item = ItemError.newBuilder()
                .setCode(e.code().value())
                .setReason(e.reason())
                .setMessage(e.getMessage())
                .putAllMetadata(e.metadata());
        e.violations()
                .forEach(v -> item.addFieldViolations(
                        FieldViolation.newBuilder().setField(v.field()).setDescription(v.description())));
        if (e.code() == Status.Code.UNAVAILABLE) {
            item.setRetryDelay(Duration.newBuilder().setSeconds(GrpcErrors.RETRY_DELAY_SECONDS));
        }
        return item.build();
    }
}
