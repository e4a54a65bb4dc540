package dev.tally.testing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import grpc.health.v1.HealthGrpc;
import grpc.health.v1.HealthOuterClass.HealthCheckRequest;
import grpc.health.v1.HealthOuterClass.HealthCheckResponse;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import io.grpc.testing.protobuf.SimpleRequest;
import io.grpc.testing.protobuf.SimpleServiceGrpc;
import io.quarkus.test.common.http.TestHTTPResource;
import java.net.URL;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every Tally service must show, run against the real service on a real PostgreSQL:
 * migrations ran (and made service-support's idempotency table unchanged), gRPC health and reflection answer, readiness follows the database, an RPC
 * not yet implemented answers UNIMPLEMENTED, an internal failure answers INTERNAL without a
 * class name. A service's test extends this and annotates itself {@code @QuarkusTest}.
 */
public abstract class ServiceFoundationTest {

    @TestHTTPResource("/")
    URL serviceUrl;

    protected ManagedChannel channel;

    /** Full name of the service's main gRPC service, e.g. {@code tally.catalog.v1.CatalogService}. */
    protected abstract String grpcServiceName();

    /** A table the service's migrations create. */
    protected abstract String migratedTable();

    /**
     * Calls one RPC the contract declares but the service does not implement yet. A service that
     * implements every RPC keeps this default, which calls a method its service does not have.
     */
    protected void callUnimplementedRpc(ManagedChannel channel) {
        callUnknownMethod(channel);
    }

    @BeforeEach
    void openChannel() {
        channel = ManagedChannelBuilder.forAddress("localhost", serviceUrl.getPort())
                .usePlaintext()
                .build();
    }

    @AfterEach
    void closeChannel() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    @Test
    void migrationsCreatedTheSchema() {
        String db = PostgresResource.currentDatabase();
        assertThat(TestDatabase.get().queryLong(db, "SELECT count(*) FROM flyway_schema_history WHERE success"))
                .isPositive();
        assertThat(TestDatabase.get()
                        .queryLong(
                                db,
                                "SELECT count(*) FROM information_schema.tables WHERE table_name = '" + migratedTable()
                                        + "'"))
                .isEqualTo(1);
    }

    @Test
    void theIdempotencyTableIsTheKitsOwn() {
        List<String> migrated = IdempotencyTable.shapeIn(PostgresResource.currentDatabase());
        assertThat(migrated)
                .as("idempotency_record as this service's migrations made it")
                .isNotEmpty()
                .containsExactlyElementsOf(IdempotencyTable.kitShape());
    }

    @Test
    void grpcHealthIsServing() {
        HealthGrpc.HealthBlockingStub health = HealthGrpc.newBlockingStub(channel);
        assertThat(health.check(HealthCheckRequest.getDefaultInstance()).getStatus())
                .isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
        assertThat(health.check(HealthCheckRequest.newBuilder()
                                .setService(grpcServiceName())
                                .build())
                        .getStatus())
                .isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
    }

    @Test
    void reflectionListsTheService() throws Exception {
        CompletableFuture<List<String>> names = new CompletableFuture<>();
        StreamObserver<ServerReflectionRequest> requests = ServerReflectionGrpc.newStub(channel)
                .serverReflectionInfo(new StreamObserver<>() {
                    @Override
                    public void onNext(ServerReflectionResponse response) {
                        names.complete(response.getListServicesResponse().getServiceList().stream()
                                .map(ServiceResponse::getName)
                                .toList());
                    }

                    @Override
                    public void onError(Throwable t) {
                        names.completeExceptionally(t);
                    }

                    @Override
                    public void onCompleted() {}
                });
        requests.onNext(
                ServerReflectionRequest.newBuilder().setListServices("*").build());
        requests.onCompleted();
        assertThat(names.get(10, TimeUnit.SECONDS)).contains(grpcServiceName(), "grpc.health.v1.Health");
    }

    @Test
    void unimplementedRpcAnswersUnimplemented() {
        assertThatThrownBy(() -> callUnimplementedRpc(channel))
                .isInstanceOfSatisfying(
                        StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED));
    }

    @Test
    void unknownMethodAnswersUnimplemented() {
        assertThatThrownBy(() -> callUnknownMethod(channel))
                .isInstanceOfSatisfying(
                        StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED));
    }

    private void callUnknownMethod(ManagedChannel channel) {
        MethodDescriptor<byte[], byte[]> unknown = MethodDescriptor.<byte[], byte[]>newBuilder()
                .setType(MethodDescriptor.MethodType.UNARY)
                .setFullMethodName(MethodDescriptor.generateFullMethodName(grpcServiceName(), "NoSuchMethod"))
                .setRequestMarshaller(RAW)
                .setResponseMarshaller(RAW)
                .build();
        ClientCalls.blockingUnaryCall(channel, unknown, CallOptions.DEFAULT, new byte[0]);
    }

    private static final MethodDescriptor.Marshaller<byte[]> RAW = new MethodDescriptor.Marshaller<>() {
        @Override
        public java.io.InputStream stream(byte[] value) {
            return new java.io.ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(java.io.InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    };

    @Test
    void internalFailureAnswersInternalWithoutClassName() {
        assertThatThrownBy(() -> SimpleServiceGrpc.newBlockingStub(channel)
                        .unaryRpc(SimpleRequest.newBuilder()
                                .setRequestMessage("x")
                                .build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INTERNAL);
                    assertThat(e.getStatus().getDescription())
                            .startsWith("internal error (ref ")
                            .doesNotContain("Exception", "java.", FailingProbeService.SECRET);
                });
    }

    @Test
    void metricsArePublished() {
        given().get("/q/metrics").then().statusCode(200);
        assertThat(given().get("/q/metrics").asString()).contains("jvm_memory_used_bytes");
    }

    @Test
    void readinessFollowsTheDatabase() {
        given().get("/q/health/ready").then().statusCode(200);
        String db = PostgresResource.currentDatabase();
        TestDatabase pg = TestDatabase.get();
        try {
            pg.execute("ALTER DATABASE " + db + " ALLOW_CONNECTIONS false");
            pg.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + db + "'");
            await("readiness DOWN without a database")
                    .atMost(Waits.PATIENTLY)
                    .until(() -> given().get("/q/health/ready").statusCode() == 503);
            given().get("/q/health/live").then().statusCode(200);
        } finally {
            pg.execute("ALTER DATABASE " + db + " ALLOW_CONNECTIONS true");
        }
        await("readiness UP once the database is back")
                .atMost(Waits.PATIENTLY)
                .until(() -> given().get("/q/health/ready").statusCode() == 200);
    }
}
