package dev.tally.support.error;

import java.util.List;
import java.util.Map;

/**
 * What one failed item of a batch or stream tells the client: exactly what the unary call's error
 * would carry (code, {@code ErrorInfo} reason and metadata, message, {@code BadRequest} field
 * violations). A plain value, independent of the contract's generated classes; a service copies it
 * into its {@code tally.common.v1.ItemError}:
 * <pre>{@code
 * ItemFailure f = ItemFailure.of(error);
 * ItemError.Builder item = ItemError.newBuilder().setCode(f.code()).setReason(f.reason())
 *         .setMessage(f.message()).putAllMetadata(f.metadata());
 * f.fieldViolations().forEach(v -> item.addFieldViolations(
 *         FieldViolation.newBuilder().setField(v.field()).setDescription(v.description())));
 * }</pre>
 *
 * @param code            the numeric gRPC status code (3 INVALID_ARGUMENT, 6 ALREADY_EXISTS, ...)
 * @param reason          a {@code tally.common.v1.ErrorReason} name, e.g. {@code VALIDATION_FAILED};
 *                        empty only for a status relayed from elsewhere without one
 * @param fieldViolations paths relative to the item (e.g. {@code amount.amount})
 */
public record ItemFailure(int code, String reason, String message, Map<String, String> metadata,
                          List<TallyException.FieldViolation> fieldViolations) {

    public ItemFailure {
        metadata = Map.copyOf(metadata);
        fieldViolations = List.copyOf(fieldViolations);
    }

    /** The item error for any failure, classified exactly as a unary call's ({@link GrpcErrors#toTallyException}). */
    public static ItemFailure of(Throwable failure) {
        TallyException e = GrpcErrors.toTallyException(failure);
        return new ItemFailure(e.code().value(), e.reason(), e.getMessage(), e.metadata(), e.violations());
    }
}
