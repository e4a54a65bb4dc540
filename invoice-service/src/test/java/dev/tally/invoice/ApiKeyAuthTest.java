package dev.tally.invoice;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.rpc.ErrorInfo;
import dev.tally.auth.v1.ApiKeyServiceGrpc;
import dev.tally.auth.v1.CreateApiKeyRequest;
import dev.tally.auth.v1.CreateApiKeyResponse;
import dev.tally.auth.v1.ListApiKeysRequest;
import dev.tally.auth.v1.RevokeApiKeyRequest;
import dev.tally.auth.v1.VerifyApiKeyRequest;
import dev.tally.invoice.v1.CreatePlanRequest;
import dev.tally.invoice.v1.InvoiceServiceGrpc;
import dev.tally.invoice.v1.ListPlansRequest;
import dev.tally.support.auth.InvalidApiKeyException;
import dev.tally.support.proto.ProtoTime;
import dev.tally.testing.PostgresResource;
import dev.tally.testing.TestDatabase;
import grpc.health.v1.HealthGrpc;
import grpc.health.v1.HealthOuterClass.HealthCheckRequest;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * invoice-service with authentication on: the registry's own RPCs, and the rules every service
 * follows (no key, bad key, missing scope, revoked, expired; health open, reflection keyed).
 */
@QuarkusTest
@TestProfile(ApiKeyAuthTest.AuthOn.class)
class ApiKeyAuthTest {

    static final String ADMIN = "tally_sk_adminadminadmin2_" + "a".repeat(43);
    static final String READER = "tally_sk_readerreaderread_" + "b".repeat(43);
    static final String VERIFIER = "tally_sk_verifierverifier_" + "c".repeat(43);

    public static class AuthOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "tally.auth.enabled",
                    "true",
                    "tally.auth.seed-keys",
                    "admin|keys:admin billing:admin|" + ADMIN + ",reader|billing:read|" + READER
                            + ",verifier|keys:verify|" + VERIFIER);
        }
    }

    @TestHTTPResource("/")
    URL serviceUrl;

    @Inject
    TestClock clock;

    ManagedChannel channel;

    @BeforeEach
    void open() {
        channel = ManagedChannelBuilder.forAddress("localhost", serviceUrl.getPort())
                .usePlaintext()
                .build();
    }

    @AfterEach
    void close() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    private Channel as(String key) {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + key);
        return ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(headers));
    }

    private ApiKeyServiceGrpc.ApiKeyServiceBlockingStub keys(String key) {
        return ApiKeyServiceGrpc.newBlockingStub(as(key));
    }

    private InvoiceServiceGrpc.InvoiceServiceBlockingStub invoice(String key) {
        return InvoiceServiceGrpc.newBlockingStub(as(key));
    }

    private CreateApiKeyResponse create(String name, String... scopes) {
        return keys(ADMIN)
                .createApiKey(CreateApiKeyRequest.newBuilder()
                        .setDisplayName(name)
                        .addAllScopes(java.util.List.of(scopes))
                        .setIdempotencyKey(UUID.randomUUID().toString())
                        .build());
    }

    @Test
    void noKeyAndEveryKindOfBadKeyGetTheSameUnauthenticatedAnswer() {
        assertUnauthenticated(
                () -> InvoiceServiceGrpc.newBlockingStub(channel).listPlans(ListPlansRequest.getDefaultInstance()));
        for (String bad : new String[] {
            "nonsense",
            "tally_sk_short_x",
            "tally_sk_adminadminadmin2_" + "z".repeat(43),
            "tally_sk_unknownunknownun_" + "e".repeat(43),
            ADMIN.substring(0, ADMIN.length() - 1) + "z"
        }) {
            assertUnauthenticated(() -> invoice(bad).listPlans(ListPlansRequest.getDefaultInstance()));
        }
    }

    @Test
    void aKeyWithoutTheScopeIsDeniedNamingTheScopeAndNothingChanges() {
        long plans = count("plan");
        assertThat(invoice(READER).listPlans(ListPlansRequest.getDefaultInstance()))
                .isNotNull();
        StatusRuntimeException denied = catchStatus(() -> invoice(READER)
                .createPlan(
                        CreatePlanRequest.newBuilder().setIdempotencyKey("k1").build()));
        assertThat(denied.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
        ErrorInfo info = errorInfo(denied);
        assertThat(info.getReason()).isEqualTo("MISSING_SCOPE");
        assertThat(info.getMetadataMap()).containsEntry("scope", "billing:admin");
        assertThat(denied.getStatus().getDescription()).contains("billing:admin");
        assertThat(count("plan")).isEqualTo(plans);
        // the registry's own RPCs need keys:admin
        StatusRuntimeException keysDenied =
                catchStatus(() -> keys(READER).listApiKeys(ListApiKeysRequest.getDefaultInstance()));
        assertThat(errorInfo(keysDenied).getMetadataMap()).containsEntry("scope", "keys:admin");
    }

    @Test
    void aCreatedKeyWorksIsListedWithoutItsSecretAndStopsWorkingWhenRevoked() {
        CreateApiKeyResponse created = create("acme backend", "billing:read");
        String key = created.getKey();
        String prefix = "tally_sk_" + created.getApiKey().getKeyId() + "_";
        assertThat(key).startsWith(prefix);
        String secret = key.substring(prefix.length()); // base64url: it may hold '_' itself
        assertThat(invoice(key).listPlans(ListPlansRequest.getDefaultInstance()))
                .isNotNull();

        var listed = keys(ADMIN)
                .listApiKeys(ListApiKeysRequest.newBuilder().setPageSize(1000).build());
        assertThat(listed.getApiKeysList()).anySatisfy(k -> {
            assertThat(k.getKeyId()).isEqualTo(created.getApiKey().getKeyId());
            assertThat(k.getScopesList()).containsExactly("billing:read");
        });
        assertThat(listed.toString()).doesNotContain(secret);
        assertThat(TestDatabase.get()
                        .queryLong(
                                PostgresResource.currentDatabase(),
                                "SELECT count(*) FROM api_key WHERE key_id = '"
                                        + created.getApiKey().getKeyId() + "' AND position('" + secret
                                        + "' IN encode(secret_sha256, 'escape')) > 0"))
                .isZero();

        var revoked = keys(ADMIN)
                .revokeApiKey(RevokeApiKeyRequest.newBuilder()
                        .setKeyId(created.getApiKey().getKeyId())
                        .build());
        assertThat(revoked.getApiKey().hasRevokeTime()).isTrue();
        assertUnauthenticated(() -> invoice(key).listPlans(ListPlansRequest.getDefaultInstance()));
        // idempotent
        var again = keys(ADMIN)
                .revokeApiKey(RevokeApiKeyRequest.newBuilder()
                        .setKeyId(created.getApiKey().getKeyId())
                        .build());
        assertThat(again.getApiKey().getRevokeTime())
                .isEqualTo(revoked.getApiKey().getRevokeTime());
        assertThat(catchStatus(() -> keys(ADMIN)
                                .revokeApiKey(RevokeApiKeyRequest.newBuilder()
                                        .setKeyId("nosuchkey")
                                        .build()))
                        .getStatus()
                        .getCode())
                .isEqualTo(Status.Code.NOT_FOUND);
    }

    @Test
    void anExpiredKeyIsRefusedEvenWhileCached() {
        CreateApiKeyResponse created = keys(ADMIN)
                .createApiKey(CreateApiKeyRequest.newBuilder()
                        .setDisplayName("short lived")
                        .addScopes("billing:read")
                        .setExpireTime(ProtoTime.timestamp(clock.instant().plus(Duration.ofMinutes(10))))
                        .setIdempotencyKey(UUID.randomUUID().toString())
                        .build());
        assertThat(invoice(created.getKey()).listPlans(ListPlansRequest.getDefaultInstance()))
                .isNotNull();
        clock.advance(Duration.ofMinutes(11));
        try {
            assertUnauthenticated(() -> invoice(created.getKey()).listPlans(ListPlansRequest.getDefaultInstance()));
        } finally {
            clock.advance(Duration.ofMinutes(-11));
        }
    }

    @Test
    void aReplayedCreateReturnsTheKeyWithoutItsSecretAndBadInputIsRefused() {
        CreateApiKeyRequest request = CreateApiKeyRequest.newBuilder()
                .setDisplayName("replayed")
                .addScopes("usage:read")
                .setIdempotencyKey(UUID.randomUUID().toString())
                .build();
        CreateApiKeyResponse first = keys(ADMIN).createApiKey(request);
        CreateApiKeyResponse replay = keys(ADMIN).createApiKey(request);
        assertThat(replay.getDuplicate()).isTrue();
        assertThat(replay.getKey()).isEmpty();
        assertThat(replay.getApiKey().getKeyId()).isEqualTo(first.getApiKey().getKeyId());

        long keysBefore = count("api_key");
        StatusRuntimeException bad = catchStatus(() -> keys(ADMIN)
                .createApiKey(CreateApiKeyRequest.newBuilder()
                        .addScopes("root")
                        .setIdempotencyKey("x")
                        .build()));
        assertThat(bad.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(count("api_key")).isEqualTo(keysBefore);
    }

    @Test
    void verifyApiKeyAnswersValidOrNot() {
        var valid = keys(VERIFIER)
                .verifyApiKey(VerifyApiKeyRequest.newBuilder().setKey(READER).build());
        assertThat(valid.getValid()).isTrue();
        assertThat(valid.getScopesList()).containsExactly("billing:read");
        assertThat(keys(VERIFIER)
                        .verifyApiKey(VerifyApiKeyRequest.newBuilder()
                                .setKey("nonsense")
                                .build())
                        .getValid())
                .isFalse();
        assertThat(catchStatus(() -> keys(READER)
                                .verifyApiKey(VerifyApiKeyRequest.newBuilder()
                                        .setKey(READER)
                                        .build()))
                        .getStatus()
                        .getCode())
                .isEqualTo(Status.Code.PERMISSION_DENIED);
    }

    @Test
    void healthIsOpenAndReflectionNeedsAKey() throws Exception {
        assertThat(HealthGrpc.newBlockingStub(channel)
                        .check(HealthCheckRequest.getDefaultInstance())
                        .getStatus()
                        .name())
                .isEqualTo("SERVING");
        assertThat(reflect(channel))
                .isInstanceOf(StatusRuntimeException.class)
                .extracting(t -> ((StatusRuntimeException) t).getStatus().getCode())
                .isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(reflect(as(READER))).isInstanceOf(ServerReflectionResponse.class);
    }

    private static Object reflect(Channel channel) throws Exception {
        CompletableFuture<Object> result = new CompletableFuture<>();
        StreamObserver<ServerReflectionRequest> requests = ServerReflectionGrpc.newStub(channel)
                .serverReflectionInfo(new StreamObserver<>() {
                    @Override
                    public void onNext(ServerReflectionResponse value) {
                        result.complete(value);
                    }

                    @Override
                    public void onError(Throwable t) {
                        result.complete(t);
                    }

                    @Override
                    public void onCompleted() {
                        result.complete("completed");
                    }
                });
        requests.onNext(ServerReflectionRequest.newBuilder().setListServices("").build());
        requests.onCompleted();
        return result.get(10, TimeUnit.SECONDS);
    }

    private static void assertUnauthenticated(Runnable call) {
        StatusRuntimeException refused = catchStatus(call);
        assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(refused.getStatus().getDescription()).isEqualTo(InvalidApiKeyException.MESSAGE);
        assertThat(errorInfo(refused).getReason()).isEqualTo("API_KEY_INVALID");
    }

    private static StatusRuntimeException catchStatus(Runnable call) {
        try {
            call.run();
        } catch (StatusRuntimeException e) {
            return e;
        }
        throw new AssertionError("the call succeeded");
    }

    private static ErrorInfo errorInfo(StatusRuntimeException e) {
        return StatusProto.fromThrowable(e).getDetailsList().stream()
                .filter(a -> a.is(ErrorInfo.class))
                .findFirst()
                .map(a -> {
                    try {
                        return a.unpack(ErrorInfo.class);
                    } catch (Exception x) {
                        throw new AssertionError(x);
                    }
                })
                .orElseThrow();
    }

    private static long count(String table) {
        return TestDatabase.get().queryLong(PostgresResource.currentDatabase(), "SELECT count(*) FROM " + table);
    }
}
