package dev.tally.support.error;

import io.grpc.Status;

import java.util.List;
import java.util.Map;

/**
 * A domain failure with everything a client needs: the gRPC code, a machine-readable reason
 * (a {@code tally.common.v1.ErrorReason} name), a human message, context metadata, and field
 * violations for bad input. {@link GrpcErrors} turns it into a gRPC status with
 * {@code google.rpc.ErrorInfo} / {@code google.rpc.BadRequest} details.
 */
public class TallyException extends RuntimeException {

    private final Status.Code code;
    private final String reason;
    private final Map<String, String> metadata;
    private final List<FieldViolation> violations;

    public TallyException(Status.Code code, String reason, String message,
                          Map<String, String> metadata, List<FieldViolation> violations) {
        super(message, null, false, false);
        this.code = code;
        this.reason = reason;
        this.metadata = Map.copyOf(metadata);
        this.violations = List.copyOf(violations);
    }

    public TallyException(Status.Code code, String reason, String message) {
        this(code, reason, message, Map.of(), List.of());
    }

    /** INVALID_ARGUMENT for one bad field. */
    public static TallyException invalid(String field, String description) {
        return invalid(List.of(new FieldViolation(field, description)));
    }

    /** INVALID_ARGUMENT listing every bad field. */
    public static TallyException invalid(List<FieldViolation> violations) {
        String message = violations.size() == 1
                ? violations.get(0).field() + ": " + violations.get(0).description()
                : violations.size() + " invalid fields: " + violations.stream().map(FieldViolation::field).toList();
        return new TallyException(Status.Code.INVALID_ARGUMENT, "VALIDATION_FAILED", message, Map.of(), violations);
    }

    public static TallyException notFound(String reason, String message, Map<String, String> metadata) {
        return new TallyException(Status.Code.NOT_FOUND, reason, message, metadata, List.of());
    }

    public static TallyException failedPrecondition(String reason, String message) {
        return new TallyException(Status.Code.FAILED_PRECONDITION, reason, message);
    }

    public static TallyException idempotencyKeyReused(String key) {
        return new TallyException(Status.Code.ALREADY_EXISTS, "IDEMPOTENCY_KEY_REUSED",
                "idempotency key '" + key + "' was already used with a different request",
                Map.of("idempotency_key", key), List.of());
    }

    public static TallyException unavailable(String message) {
        return new TallyException(Status.Code.UNAVAILABLE, "DEPENDENCY_UNAVAILABLE", message);
    }

    public Status.Code code() {
        return code;
    }

    public String reason() {
        return reason;
    }

    public Map<String, String> metadata() {
        return metadata;
    }

    public List<FieldViolation> violations() {
        return violations;
    }

    /** One bad request field: its path (e.g. {@code items[3].amount.amount}) and what is wrong. */
    public record FieldViolation(String field, String description) {
    }
}
