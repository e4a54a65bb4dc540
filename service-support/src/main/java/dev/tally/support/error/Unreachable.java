package dev.tally.support.error;

import io.netty.channel.unix.Errors;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.core.http.HttpClosedException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.TimeoutException;

/**
 * Whether a failure means "a dependency (the database, another service) cannot be reached now",
 * decided by exception type and SQLSTATE only (never by class name or message text). Such a
 * failure is answered UNAVAILABLE with a {@code RetryInfo}.
 * <ul>
 * <li>network: {@link SocketException} (connection refused or reset, no route; Netty's
 * {@code AnnotatedConnectException} and {@code ConnectTimeoutException} are
 * {@code ConnectException}s), {@link UnknownHostException}, {@link SocketTimeoutException},
 * {@link ClosedChannelException}, Netty's native {@link Errors.NativeIoException} (reset by peer on
 * the epoll transport) and {@link io.netty.handler.timeout.TimeoutException};</li>
 * <li>time: any {@link TimeoutException} (including Vert.x's pool wait timeout);</li>
 * <li>Vert.x: {@link ClosedConnectionException} (the SQL connection closed under a query),
 * {@link HttpClosedException}, {@link ConnectionPoolTooBusyException};</li>
 * <li>PostgreSQL: {@link SqlStates#isUnavailable} (SQLSTATE 08xxx, 57P0x, 53300, FATAL).</li>
 * </ul>
 */
public final class Unreachable {

    private static final int MAX_CAUSES = 32;

    private Unreachable() {}

    public static boolean is(Throwable failure) {
        int depth = 0;
        for (Throwable t = failure; t != null && depth < MAX_CAUSES; t = t.getCause(), depth++) {
            if (isUnreachableType(t)) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return SqlStates.isUnavailable(failure);
    }

    private static boolean isUnreachableType(Throwable t) {
        return t instanceof SocketException
                || t instanceof UnknownHostException
                || t instanceof SocketTimeoutException
                || t instanceof ClosedChannelException
                || t instanceof Errors.NativeIoException
                || t instanceof io.netty.handler.timeout.TimeoutException
                || t instanceof TimeoutException
                || t instanceof ClosedConnectionException
                || t instanceof HttpClosedException
                || t instanceof ConnectionPoolTooBusyException;
    }
}
