package dev.tally.support.error;

import com.google.protobuf.Any;
import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import org.jboss.logging.Logger;

import java.net.ConnectException;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;

/**
 * The one place where a failure becomes a gRPC status. Domain failures keep their code and
 * details; a dependency that cannot be reached is UNAVAILABLE; anything else is INTERNAL with
 * a reference id that is also in the server log, and never a Java class name or stack trace.
 */
public final class GrpcErrors {

    public static final String DOMAIN = "tally.dev";
    private static final Logger LOG = Logger.getLogger(GrpcErrors.class);

    private GrpcErrors() {
    }

    public static StatusException toStatusException(Throwable failure) {
        Throwable t = unwrap(failure);
        if (t instanceof StatusException se) {
            return se;
        }
        if (t instanceof StatusRuntimeException sre) {
            return new StatusException(sre.getStatus(), sre.getTrailers());
        }
        if (t instanceof TallyException te) {
            return fromDomain(te);
        }
        if (isUnreachable(t)) {
            String ref = reference();
            LOG.warnf(t, "dependency unavailable [ref %s]", ref);
            return fromDomain(TallyException.unavailable("a dependency is unavailable, retry later (ref " + ref + ")"));
        }
        String ref = reference();
        LOG.errorf(t, "internal error [ref %s]", ref);
        return fromDomain(new TallyException(Status.Code.INTERNAL, "INTERNAL_ERROR", "internal error (ref " + ref + ")"));
    }

    static StatusException fromDomain(TallyException e) {
        ErrorInfo.Builder info = ErrorInfo.newBuilder().setReason(e.reason()).setDomain(DOMAIN).putAllMetadata(e.metadata());
        com.google.rpc.Status.Builder status = com.google.rpc.Status.newBuilder()
                .setCode(e.code().value())
                .setMessage(e.getMessage())
                .addDetails(Any.pack(info.build()));
        if (!e.violations().isEmpty()) {
            BadRequest.Builder bad = BadRequest.newBuilder();
            e.violations().forEach(v -> bad.addFieldViolations(
                    BadRequest.FieldViolation.newBuilder().setField(v.field()).setDescription(v.description())));
            status.addDetails(Any.pack(bad.build()));
        }
        return StatusProto.toStatusException(status.build());
    }

    private static Throwable unwrap(Throwable t) {
        Throwable current = t;
        while ((current instanceof CompletionException || current.getClass().getName().endsWith("CompositeException")
                || current instanceof java.lang.reflect.UndeclaredThrowableException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    private static boolean isUnreachable(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof ConnectException || c instanceof TimeoutException
                    || c.getClass().getName().equals("io.vertx.core.impl.NoStackTraceThrowable")
                    && String.valueOf(c.getMessage()).contains("onnection")) {
                return true;
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return false;
    }

    private static String reference() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
