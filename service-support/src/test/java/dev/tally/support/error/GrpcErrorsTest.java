package dev.tally.support.error;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import com.google.rpc.RetryInfo;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.protobuf.StatusProto;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class GrpcErrorsTest {

    @Test
    void validationFailureCarriesEveryFieldViolation() throws Exception {
        Violations violations = new Violations()
                .add("amount.amount", "must be a positive decimal")
                .requireNonBlank("", "idempotency_key");

        StatusException se = GrpcErrors.toStatusException(TallyException.invalid(violations.list()));

        assertThat(se.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        com.google.rpc.Status details = StatusProto.fromThrowable(se);
        assertThat(details.getDetails(0).unpack(ErrorInfo.class).getReason()).isEqualTo("VALIDATION_FAILED");
        assertThat(details.getDetails(1).unpack(BadRequest.class).getFieldViolationsList())
                .extracting(BadRequest.FieldViolation::getField)
                .containsExactly("amount.amount", "idempotency_key");
    }

    @Test
    void unexpectedFailureIsInternalWithoutClassNameOrMessage() {
        StatusException se = GrpcErrors.toStatusException(
                new CompletionException(new IllegalStateException("secret table tally_x broke")));

        assertThat(se.getStatus().getCode()).isEqualTo(Status.Code.INTERNAL);
        assertThat(se.getStatus().getDescription())
                .startsWith("internal error (ref ")
                .doesNotContain("IllegalStateException", "java.", "secret");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unreachable")
    void unreachableDependencyIsUnavailableWithRetryInfo(String what, Throwable failure) throws Exception {
        StatusException se = GrpcErrors.toStatusException(new CompletionException(failure));

        assertThat(se.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(se.getStatus().getDescription()).startsWith("a dependency is unavailable, retry later (ref ");
        com.google.rpc.Status details = StatusProto.fromThrowable(se);
        assertThat(details.getDetails(0).unpack(ErrorInfo.class).getReason()).isEqualTo("DEPENDENCY_UNAVAILABLE");
        assertThat(details.getDetails(1).unpack(RetryInfo.class).getRetryDelay().getSeconds())
                .isEqualTo(1);
    }

    static Stream<Arguments> unreachable() {
        return Stream.of(
                Arguments.of("connection refused", new ConnectException("refused")),
                Arguments.of("connection reset", new SocketException("reset")),
                Arguments.of("unknown host", new UnknownHostException("db")),
                Arguments.of("pool wait timeout", new TimeoutException()),
                Arguments.of("SQL connection closed", ClosedConnectionException.INSTANCE),
                Arguments.of("57P01 admin shutdown", pg("57P01", "FATAL")),
                Arguments.of("57P03 cannot connect now", pg("57P03", "FATAL")),
                Arguments.of("08006 connection failure", pg("08006", "ERROR")),
                Arguments.of("53300 too many connections", pg("53300", "FATAL")),
                Arguments.of("FATAL: database not accepting connections", pg("55000", "FATAL")),
                Arguments.of(
                        "UNAVAILABLE from another service",
                        Status.UNAVAILABLE.withDescription("io exception").asRuntimeException()));
    }

    @Test
    void unreachableCauseIsFoundDeepInTheChain() {
        Throwable deep = new IllegalStateException("pool", new RuntimeException(new ConnectException("refused")));
        assertThat(GrpcErrors.toStatusException(deep).getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    }

    @Test
    void concurrencyConflictThatEscapedIsUnavailable() {
        assertThat(GrpcErrors.toStatusException(pg("40001", "ERROR"))
                        .getStatus()
                        .getCode())
                .isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(GrpcErrors.toStatusException(pg("40P01", "ERROR"))
                        .getStatus()
                        .getCode())
                .isEqualTo(Status.Code.UNAVAILABLE);
    }

    @Test
    void classificationIsByTypeNeverByMessageText() {
        // a plain exception that only says "connection" is a bug, not an outage
        assertThat(GrpcErrors.toStatusException(new IllegalStateException("Connection refused: connection closed"))
                        .getStatus()
                        .getCode())
                .isEqualTo(Status.Code.INTERNAL);
        // a SQL error that is not about the connection is a bug too (e.g. 42P01 undefined table)
        assertThat(GrpcErrors.toStatusException(pg("42P01", "ERROR"))
                        .getStatus()
                        .getCode())
                .isEqualTo(Status.Code.INTERNAL);
        assertThat(GrpcErrors.toStatusException(pg(SqlStates.UNIQUE_VIOLATION, "ERROR"))
                        .getStatus()
                        .getCode())
                .isEqualTo(Status.Code.INTERNAL);
    }

    @Test
    void sqlStatesAreFoundThroughWrappers() {
        Throwable wrapped = new CompletionException(new RuntimeException(pg("23505", "ERROR")));
        assertThat(SqlStates.of(wrapped)).isEqualTo("23505");
        assertThat(SqlStates.isUniqueViolation(wrapped)).isTrue();
        assertThat(SqlStates.isConcurrencyConflict(wrapped)).isFalse();
        assertThat(SqlStates.isConcurrencyConflict(pg("40P01", "ERROR"))).isTrue();
        assertThat(SqlStates.isUnavailable(wrapped)).isFalse();
        assertThat(SqlStates.of(new RuntimeException("23505"))).isNull();
    }

    private static PgException pg(String sqlState, String severity) {
        return new PgException("error " + sqlState, severity, sqlState, null);
    }

    @Test
    void existingGrpcStatusPassesThrough() {
        StatusException se = GrpcErrors.toStatusException(Status.UNIMPLEMENTED.asRuntimeException());
        assertThat(se.getStatus().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED);
    }
}
