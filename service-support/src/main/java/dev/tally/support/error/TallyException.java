package dev.tally.support.error;

import io.grpc.Status;
import java.util.List;
import java.util.Map;

/**
 * A domain failure with everything a client needs: the gRPC code, a machine-readable reason
 * (a {@link Reason}, the name of a {@code tally.common.v1.ErrorReason}), a human message, context metadata, and field
 * violations for bad input. {@link GrpcErrors} turns it into a gRPC status with
 * {@code google.rpc.ErrorInfo} / {@code google.rpc.BadRequest} details.
 */
public class TallyException extends RuntimeException {

    private final Status.Code code;
    private final String reason;
    private final Map<String, String> metadata;
    private final List<FieldViolation> violations;

    /**
     * A failure relayed as another service (or a lower layer) answered it: its code and reason as
     * they came, even a reason this build does not know. Tally's own failures name a {@link Reason}.
     */
    public TallyException(
            Status.Code code,
            String reason,
            String message,
            Map<String, String> metadata,
            List<FieldViolation> violations) {
        super(message, null, false, false);
        this.code = code;
        this.reason = reason;
        this.metadata = Map.copyOf(metadata);
        this.violations = List.copyOf(violations);
    }

    /** A failure with its reason's code, context metadata and field violations. */
    public TallyException(
            Reason reason, String message, Map<String, String> metadata, List<FieldViolation> violations) {
        this(reason.code(), reason.name(), message, metadata, violations);
    }

    /** A failure with its reason's code and context metadata. */
    public TallyException(Reason reason, String message, Map<String, String> metadata) {
        this(reason, message, metadata, List.of());
    }

    /** A failure with its reason's code. */
    public TallyException(Reason reason, String message) {
        this(reason, message, Map.of(), List.of());
    }

    /** INVALID_ARGUMENT for one bad field. */
    public static TallyException invalid(String field, String description) {
        return invalid(List.of(new FieldViolation(field, description)));
    }

    /** INVALID_ARGUMENT listing every bad field. */
    public static TallyException invalid(List<FieldViolation> violations) {
        String message = violations.size() == 1
                ? violations.get(0).field() + ": " + violations.get(0).description()
                : violations.size() + " invalid fields: "
                        + violations.stream().map(FieldViolation::field).toList();
        return new TallyException(Reason.VALIDATION_FAILED, message, Map.of(), violations);
    }

    public static TallyException idempotencyKeyReused(String key) {
        return new TallyException(
                Reason.IDEMPOTENCY_KEY_REUSED,
                "idempotency key '" + key + "' was already used with a different request",
                Map.of("idempotency_key", key));
    }

    public static TallyException unavailable(String message) {
        return new TallyException(Reason.DEPENDENCY_UNAVAILABLE, message);
    }

    /** True when this failure carries {@code reason}. */
    public boolean is(Reason reason) {
        return reason.name().equals(this.reason);
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
    public record FieldViolation(String field, String description) {}
}
