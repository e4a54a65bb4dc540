package dev.tally.support.error;

import com.google.protobuf.Any;
import com.google.protobuf.Duration;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import com.google.rpc.RetryInfo;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.smallrye.mutiny.CompositeException;
import java.lang.reflect.UndeclaredThrowableException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * The one place where a failure becomes a gRPC status. Domain failures ({@link TallyException})
 * keep their code and details; a dependency that cannot be reached ({@link Unreachable}) or a
 * transaction that lost to a concurrent one ({@link SqlStates#isConcurrencyConflict}) is
 * UNAVAILABLE with a {@code google.rpc.RetryInfo}; anything else is INTERNAL with a reference id
 * that is also in the server log, never a Java class name or stack trace.
 * <p>
 * Every status carries a {@code google.rpc.ErrorInfo} (domain {@value #DOMAIN}, reason a
 * {@code tally.common.v1.ErrorReason} name, metadata), INVALID_ARGUMENT a {@code BadRequest} with
 * one field violation per bad field, UNAVAILABLE a {@code RetryInfo} of {@link #RETRY_DELAY_SECONDS}.
 */
public final class GrpcErrors {

    public static final String DOMAIN = "tally.dev";
    /** The retry delay UNAVAILABLE suggests: long enough for a restarting pod or a failover to begin. */
    public static final long RETRY_DELAY_SECONDS = 1;

    private static final Logger LOG = Logger.getLogger(GrpcErrors.class);
    /** MDC key of the reference id an INTERNAL or UNAVAILABLE answer carries. */
    public static final String ERROR_REF = "error_ref";

    private GrpcErrors() {}

    /** The gRPC status (with details in its trailers) that answers {@code failure}. */
    public static StatusException toStatusException(Throwable failure) {
        Throwable t = unwrap(failure);
        if (t instanceof StatusException se && !needsOwnUnavailable(se.getStatus(), se.getTrailers())) {
            return se;
        }
        if (t instanceof StatusRuntimeException sre && !needsOwnUnavailable(sre.getStatus(), sre.getTrailers())) {
            return new StatusException(sre.getStatus(), sre.getTrailers());
        }
        return fromDomain(toTallyException(t));
    }

    /**
     * The domain failure that answers {@code failure}: itself for a {@link TallyException}; for a
     * gRPC status (e.g. from a client of another service) its code, message and details; for an
     * unreachable dependency or a concurrency conflict UNAVAILABLE; otherwise INTERNAL with a
     * reference id (logged with the stack trace). Used for unary errors and batch item errors alike.
     */
    public static TallyException toTallyException(Throwable failure) {
        Throwable t = unwrap(failure);
        if (t instanceof TallyException te) {
            return te;
        }
        TallyException refused = AuthFailures.answer(t);
        if (refused != null) {
            return refused;
        }
        Status status = t instanceof StatusException se
                ? se.getStatus()
                : t instanceof StatusRuntimeException sre ? sre.getStatus() : null;
        if (status != null && status.getCode() != Status.Code.UNAVAILABLE) {
            return fromStatus(status, StatusProto.fromThrowable(t));
        }
        if (status != null || Unreachable.is(t)) {
            String ref = logWithReference(Logger.Level.WARN, t, "dependency unavailable");
            return TallyException.unavailable("a dependency is unavailable, retry later (ref " + ref + ")");
        }
        if (SqlStates.isConcurrencyConflict(t)) {
            String ref = logWithReference(Logger.Level.WARN, t, "transaction aborted by a concurrent one");
            return TallyException.unavailable("the call collided with a concurrent change, retry it (ref " + ref + ")");
        }
        String ref = logWithReference(Logger.Level.ERROR, t, "internal error");
        return new TallyException(Reason.INTERNAL_ERROR, "internal error (ref " + ref + ")");
    }

    /**
     * Logs {@code t} with a new reference id, which the answer's message carries: in the text and,
     * for JSON logs, as the MDC field {@code error_ref}, so that support finds the stack trace of a
     * client's error by its reference.
     */
    private static String logWithReference(Logger.Level level, Throwable t, String what) {
        String ref = reference();
        MDC.put(ERROR_REF, ref);
        try {
            LOG.logf(level, t, "%s [ref %s]", what, ref);
        } finally {
            MDC.remove(ERROR_REF);
        }
        return ref;
    }

    static StatusException fromDomain(TallyException e) {
        ErrorInfo.Builder info =
                ErrorInfo.newBuilder().setReason(e.reason()).setDomain(DOMAIN).putAllMetadata(e.metadata());
        com.google.rpc.Status.Builder status = com.google.rpc.Status.newBuilder()
                .setCode(e.code().value())
                .setMessage(e.getMessage())
                .addDetails(Any.pack(info.build()));
        if (!e.violations().isEmpty()) {
            BadRequest.Builder bad = BadRequest.newBuilder();
            e.violations()
                    .forEach(v -> bad.addFieldViolations(BadRequest.FieldViolation.newBuilder()
                            .setField(v.field())
                            .setDescription(v.description())));
            status.addDetails(Any.pack(bad.build()));
        }
        if (e.code() == Status.Code.UNAVAILABLE) {
            status.addDetails(Any.pack(RetryInfo.newBuilder()
                    .setRetryDelay(Duration.newBuilder().setSeconds(RETRY_DELAY_SECONDS))
                    .build()));
        }
        return StatusProto.toStatusException(status.build());
    }

    /** An UNAVAILABLE from elsewhere (e.g. a gRPC client's "io exception") is answered with our own. */
    private static boolean needsOwnUnavailable(Status status, io.grpc.Metadata trailers) {
        if (status.getCode() != Status.Code.UNAVAILABLE) {
            return false;
        }
        com.google.rpc.Status details = trailers == null ? null : StatusProto.fromStatusAndTrailers(status, trailers);
        return details == null || details.getDetailsList().stream().noneMatch(any -> any.is(RetryInfo.class));
    }

    private static TallyException fromStatus(Status status, com.google.rpc.Status details) {
        String reason = "";
        Map<String, String> metadata = new LinkedHashMap<>();
        List<TallyException.FieldViolation> violations = new ArrayList<>();
        if (details != null) {
            for (Any any : details.getDetailsList()) {
                try {
                    if (any.is(ErrorInfo.class)) {
                        ErrorInfo info = any.unpack(ErrorInfo.class);
                        reason = info.getReason();
                        metadata.putAll(info.getMetadataMap());
                    } else if (any.is(BadRequest.class)) {
                        any.unpack(BadRequest.class)
                                .getFieldViolationsList()
                                .forEach(v -> violations.add(
                                        new TallyException.FieldViolation(v.getField(), v.getDescription())));
                    }
                } catch (InvalidProtocolBufferException malformed) {
                    // a detail we cannot read adds nothing
                }
            }
        }
        String message = status.getDescription() == null ? status.getCode().name() : status.getDescription();
        return new TallyException(status.getCode(), reason, message, metadata, violations);
    }

    private static Throwable unwrap(Throwable t) {
        Throwable current = t;
        while ((current instanceof CompletionException
                        || current instanceof ExecutionException
                        || current instanceof CompositeException
                        || current instanceof UndeclaredThrowableException)
                && current.getCause() != null
                && current.getCause() != current) {
            current = current.getCause();
        }
        return current;
    }

    private static String reference() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
