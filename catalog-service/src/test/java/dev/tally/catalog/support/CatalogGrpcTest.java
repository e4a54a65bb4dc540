package dev.tally.catalog.support;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import dev.tally.catalog.v1.CatalogServiceGrpc;
import dev.tally.testing.PostgresResource;
import dev.tally.testing.TestDatabase;
import dev.tally.testing.Waits;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.quarkus.test.common.http.TestHTTPResource;
import java.net.URL;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base of the gRPC tests: a channel to the running service (seeded from the bundled snapshot and
 * ready), its blocking stub, and helpers to check errors and what the database holds.
 */
public abstract class CatalogGrpcTest {

    @TestHTTPResource("/")
    URL serviceUrl;

    protected ManagedChannel channel;
    protected CatalogServiceGrpc.CatalogServiceBlockingStub catalog;

    @BeforeEach
    void connect() {
        channel = ManagedChannelBuilder.forAddress("localhost", serviceUrl.getPort())
                .usePlaintext()
                .build();
        catalog = CatalogServiceGrpc.newBlockingStub(eachCallWithin30Seconds(channel));
        await("the catalog is loaded and seeded")
                .atMost(Waits.PATIENTLY)
                .until(() -> given().get("/q/health/ready").statusCode() == 200);
        PriceSourceServer.reset();
    }

    /** A deadline per call (a stub's own deadline would be one instant for all its calls). */
    private static Channel eachCallWithin30Seconds(Channel channel) {
        return new Channel() {
            @Override
            public <Q, A> ClientCall<Q, A> newCall(MethodDescriptor<Q, A> method, CallOptions options) {
                return channel.newCall(method, options.withDeadlineAfter(30, TimeUnit.SECONDS));
            }

            @Override
            public String authority() {
                return channel.authority();
            }
        };
    }

    @AfterEach
    void disconnect() throws InterruptedException {
        PriceSourceServer.reset();
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    /** Rows per catalog table: equal before and after a refused call means nothing was stored. */
    public record Rows(long models, long versions, long rates, long revisions, long runs, long keys) {}

    protected static Rows rows() {
        return new Rows(
                count("model"),
                count("price_version"),
                count("price_rate"),
                count("catalog_revision"),
                count("sync_run"),
                count("idempotency_record"));
    }

    protected static long count(String table) {
        return query("SELECT count(*) FROM " + table);
    }

    protected static long query(String sql) {
        return TestDatabase.get().queryLong(PostgresResource.currentDatabase(), sql);
    }

    protected static void execute(String sql) {
        TestDatabase.get().executeIn(PostgresResource.currentDatabase(), sql);
    }

    /** The call fails with {@code code} and ErrorInfo {@code reason}; returns the ErrorInfo metadata. */
    protected static Map<String, String> assertFails(
            ThrowableAssert.ThrowingCallable call, Status.Code code, String reason) {
        Throwable thrown = catchThrowable(call);
        assertThat(thrown).isInstanceOf(StatusRuntimeException.class);
        StatusRuntimeException e = (StatusRuntimeException) thrown;
        assertThat(e.getStatus().getCode()).as(e.getStatus().toString()).isEqualTo(code);
        com.google.rpc.Status status = StatusProto.fromThrowable(e);
        assertThat(status).isNotNull();
        ErrorInfo info = status.getDetailsList().stream()
                .filter(d -> d.is(ErrorInfo.class))
                .map(d -> unpack(d, ErrorInfo.class))
                .findFirst()
                .orElseThrow();
        assertThat(info.getReason()).isEqualTo(reason);
        return info.getMetadataMap();
    }

    /** The call fails with INVALID_ARGUMENT naming exactly these fields. */
    protected static void assertInvalid(ThrowableAssert.ThrowingCallable call, String... fields) {
        Throwable thrown = catchThrowable(call);
        assertThat(thrown).isInstanceOf(StatusRuntimeException.class);
        StatusRuntimeException e = (StatusRuntimeException) thrown;
        assertThat(e.getStatus().getCode()).as(e.getStatus().toString()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        BadRequest bad = StatusProto.fromThrowable(e).getDetailsList().stream()
                .filter(d -> d.is(BadRequest.class))
                .map(d -> unpack(d, BadRequest.class))
                .findFirst()
                .orElseThrow();
        List<String> named = bad.getFieldViolationsList().stream()
                .map(BadRequest.FieldViolation::getField)
                .toList();
        assertThat(named).containsExactlyInAnyOrder(fields);
    }

    private static <T extends Message> T unpack(Any any, Class<T> type) {
        try {
            return any.unpack(type);
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }
}
