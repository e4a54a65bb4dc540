package dev.tally.invoice.grpc;

import dev.tally.auth.v1.CreateApiKeyRequest;
import dev.tally.auth.v1.CreateApiKeyResponse;
import dev.tally.auth.v1.ListApiKeysRequest;
import dev.tally.auth.v1.ListApiKeysResponse;
import dev.tally.auth.v1.MutinyApiKeyServiceGrpc;
import dev.tally.auth.v1.RevokeApiKeyRequest;
import dev.tally.auth.v1.RevokeApiKeyResponse;
import dev.tally.auth.v1.VerifyApiKeyRequest;
import dev.tally.auth.v1.VerifyApiKeyResponse;
import dev.tally.auth.v1.WatchApiKeyRevocationsRequest;
import dev.tally.auth.v1.WatchApiKeyRevocationsResponse;
import dev.tally.invoice.app.ApiKeys;
import dev.tally.invoice.app.LocalKeyRegistry;
import dev.tally.support.auth.Scopes;
import dev.tally.support.server.ShutdownSignal;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import java.time.Clock;

/**
 * The API key registry ({@code tally.auth.v1.ApiKeyService}): validates ({@link ApiKeyRequests}),
 * runs the use case ({@link ApiKeys}), maps the answer ({@link ApiKeyResponses}).
 */
@GrpcService
public class ApiKeyGrpcService extends MutinyApiKeyServiceGrpc.ApiKeyServiceImplBase {

    private final ApiKeys keys;
    private final LocalKeyRegistry registry;
    private final ShutdownSignal shutdown;
    private final Clock clock;

    ApiKeyGrpcService(ApiKeys keys, LocalKeyRegistry registry, ShutdownSignal shutdown, Clock clock) {
        this.keys = keys;
        this.registry = registry;
        this.shutdown = shutdown;
        this.clock = clock;
    }

    @Override
    @RolesAllowed(Scopes.KEYS_ADMIN)
    public Uni<CreateApiKeyResponse> createApiKey(CreateApiKeyRequest request) {
        return Uni.createFrom()
                .item(() -> ApiKeyRequests.create(request, clock.instant()))
                .flatMap(create ->
                        keys.create(create.command(), create.key(), ApiKeyResponses.CREATE, ApiKeyResponses::created))
                .map(issued -> issued.key() == null
                        ? issued.reply().response()
                        : issued.reply().response().toBuilder()
                                .setKey(issued.key())
                                .build());
    }

    @Override
    @RolesAllowed(Scopes.KEYS_ADMIN)
    public Uni<ListApiKeysResponse> listApiKeys(ListApiKeysRequest request) {
        return Uni.createFrom()
                .item(() -> ApiKeyRequests.list(request))
                .flatMap(listing -> keys.list(listing.before(), listing.paging().fetchSize())
                        .map(found -> ApiKeyResponses.list(found, listing.paging())));
    }

    @Override
    @RolesAllowed(Scopes.KEYS_ADMIN)
    public Uni<RevokeApiKeyResponse> revokeApiKey(RevokeApiKeyRequest request) {
        return Uni.createFrom()
                .item(() -> ApiKeyRequests.keyId(request.getKeyId()))
                .flatMap(keys::revoke)
                .map(key -> RevokeApiKeyResponse.newBuilder()
                        .setApiKey(ApiKeyResponses.key(key))
                        .build());
    }

    @Override
    @RolesAllowed(Scopes.KEYS_VERIFY)
    public Uni<VerifyApiKeyResponse> verifyApiKey(VerifyApiKeyRequest request) {
        return keys.verify(request.getKey()).map(ApiKeyResponses::verified);
    }

    @Override
    @RolesAllowed(Scopes.KEYS_VERIFY)
    public Multi<WatchApiKeyRevocationsResponse> watchApiKeyRevocations(WatchApiKeyRevocationsRequest request) {
        return Multi.createFrom()
                .deferred(() -> shutdown.endOnShutdown(
                        registry.revocations(ApiKeyRequests.afterSequence(request.getAfterSequence()))
                                .map(ApiKeyResponses::revocation)));
    }
}
