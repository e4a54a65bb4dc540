package dev.tally.kit.auth;

import dev.tally.auth.v1.MutinyApiKeyServiceGrpc;
import dev.tally.auth.v1.VerifyApiKeyRequest;
import dev.tally.auth.v1.WatchApiKeyRevocationsRequest;
import dev.tally.support.auth.ApiKey;
import dev.tally.support.auth.InvalidApiKeyException;
import dev.tally.support.auth.KeyRegistry;
import dev.tally.support.auth.VerifiedKey;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.arc.DefaultBean;
import io.quarkus.grpc.GrpcClient;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The API-key registry as the services other than invoice-service see it: keys are checked by
 * invoice-service ({@code VerifyApiKey} over the {@code invoice} gRPC client, cached by
 * service-support's {@code ApiKeyVerifier}; revocations from {@code WatchApiKeyRevocations}).
 * invoice-service keeps the registry itself and replaces this default bean with its own.
 */
@DefaultBean
@ApplicationScoped
public class InvoiceKeyRegistry implements KeyRegistry {

    private static final Logger LOG = Logger.getLogger(InvoiceKeyRegistry.class);
    private static final long VERIFY_DEADLINE_SECONDS = 5;

    private final MutinyApiKeyServiceGrpc.MutinyApiKeyServiceStub keys;

    public InvoiceKeyRegistry(@GrpcClient("invoice") MutinyApiKeyServiceGrpc.MutinyApiKeyServiceStub keys) {
        this.keys = keys;
    }

    @Override
    public Uni<VerifiedKey> verify(ApiKey key) {
        return keys.withDeadlineAfter(VERIFY_DEADLINE_SECONDS, TimeUnit.SECONDS)
                .verifyApiKey(
                        VerifyApiKeyRequest.newBuilder().setKey(key.text()).build())
                .onItem()
                .transformToUni(r -> r.getValid()
                        ? Uni.createFrom()
                                .item(new VerifiedKey(
                                        r.getKeyId(),
                                        Set.copyOf(r.getScopesList()),
                                        r.hasExpireTime()
                                                ? Instant.ofEpochSecond(
                                                        r.getExpireTime().getSeconds(),
                                                        r.getExpireTime().getNanos())
                                                : null))
                        : Uni.createFrom().failure(new InvalidApiKeyException()))
                .onFailure(InvoiceKeyRegistry::ownKeyRefused)
                .invoke(f -> LOG.errorf(
                        "invoice-service refused this service's own key (%s): check TALLY_AUTH_SERVICE_KEY and its keys:verify scope",
                        ((StatusRuntimeException) f).getStatus().getCode()));
    }

    private static boolean ownKeyRefused(Throwable failure) {
        return failure instanceof StatusRuntimeException s
                && (s.getStatus().getCode() == Status.Code.UNAUTHENTICATED
                        || s.getStatus().getCode() == Status.Code.PERMISSION_DENIED);
    }

    @Override
    public Multi<Revocation> revocations(long afterSequence) {
        return keys.watchApiKeyRevocations(WatchApiKeyRevocationsRequest.newBuilder()
                        .setAfterSequence(afterSequence)
                        .build())
                .map(r -> new Revocation(r.getSequence(), r.getKeyId().isEmpty() ? null : r.getKeyId()));
    }
}
