package dev.tally.invoice.auth;

import dev.tally.support.error.Reason;
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
import dev.tally.support.auth.ApiKey;
import dev.tally.support.auth.ApiKeyVerifier;
import dev.tally.support.auth.InvalidApiKeyException;
import dev.tally.support.auth.Scopes;
import dev.tally.support.error.TallyException;
import dev.tally.support.error.Violations;
import dev.tally.support.idempotency.IdempotencyStore;
import dev.tally.support.idempotency.Replies;
import dev.tally.support.idempotency.RequestKey;
import dev.tally.support.proto.Identifiers;
import dev.tally.support.proto.Paging;
import dev.tally.support.proto.ProtoTime;
import dev.tally.support.server.ShutdownSignal;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The API key registry ({@code tally.auth.v1.ApiKeyService}). The secret of a new key exists only
 * in CreateApiKey's response: the idempotency record stores the response without it, so a replay
 * answers {@code duplicate = true} with an empty {@code key}.
 */
@GrpcService
public class ApiKeyGrpcService extends MutinyApiKeyServiceGrpc.ApiKeyServiceImplBase {

    private static final Replies<CreateApiKeyResponse> CREATE = Replies.of(CreateApiKeyResponse.parser(),
            r -> r.toBuilder().setDuplicate(true).build());
    private static final String LIST_QUERY = "api-keys";

    private final ApiKeyStore store;
    private final LocalKeyRegistry registry;
    private final ApiKeyVerifier verifier;
    private final ShutdownSignal shutdown;
    private final Clock clock;
    private final IdempotencyStore records = new IdempotencyStore();
    private final SecureRandom random = new SecureRandom();

    ApiKeyGrpcService(ApiKeyStore store, LocalKeyRegistry registry, ApiKeyVerifier verifier, ShutdownSignal shutdown,
                      Clock clock) {
        this.store = store;
        this.registry = registry;
        this.verifier = verifier;
        this.shutdown = shutdown;
        this.clock = clock;
    }

    @Override
    @RolesAllowed(Scopes.KEYS_ADMIN)
    public Uni<CreateApiKeyResponse> createApiKey(CreateApiKeyRequest request) {
        return Uni.createFrom().deferred(() -> {
            Instant now = clock.instant();
            Violations violations = new Violations();
            String name = Identifiers.required(violations, "display_name", request.getDisplayName());
            List<String> scopes = scopes(violations, request.getScopesList());
            Instant expireTime = ProtoTime.optional(violations, "expire_time", request.hasExpireTime(), request.getExpireTime());
            violations.check(expireTime != null && !expireTime.isAfter(now), "expire_time", "must be in the future");
            RequestKey.check(violations, RequestKey.FIELD, request.getIdempotencyKey());
            violations.throwIfAny();
            ApiKey key = ApiKey.generate(random);
            RequestKey requestKey = RequestKey.forService(request.getIdempotencyKey(), "CreateApiKey",
                    request.toBuilder().clearScopes().addAllScopes(scopes).build());
            return records.retryOnRace(() -> store.pool().withTransaction(tx -> records.once(tx, requestKey, CREATE, now,
                            () -> store.insert(tx, key, name, scopes, now, expireTime, false)
                                    .map(row -> CreateApiKeyResponse.newBuilder().setApiKey(row.proto()).build()))))
                    .map(reply -> reply.duplicate() ? reply.response()
                            : reply.response().toBuilder().setKey(key.text()).build());
        });
    }

    private static List<String> scopes(Violations violations, List<String> requested) {
        violations.check(requested.isEmpty(), "scopes", "must name at least one scope");
        for (int i = 0; i < requested.size(); i++) {
            violations.check(!Scopes.isKnown(requested.get(i)), "scopes[" + i + "]", "must be one of " + Scopes.ALL);
        }
        return List.copyOf(new TreeSet<>(requested));
    }

    @Override
    @RolesAllowed(Scopes.KEYS_ADMIN)
    public Uni<ListApiKeysResponse> listApiKeys(ListApiKeysRequest request) {
        return Uni.createFrom().deferred(() -> {
            Violations violations = new Violations();
            Paging.PageRequest page = Paging.request(violations, request.getPageSize(), request.getPageToken(), LIST_QUERY);
            Long before = null;
            if (page.after() != null) {
                try {
                    before = Long.parseLong(page.after());
                } catch (NumberFormatException e) {
                    violations.add("page_token", "is not a token of this list");
                }
            }
            violations.throwIfAny();
            return store.list(before, page.fetchSize()).map(rows -> {
                Paging.Page<ApiKeyRow> result = Paging.page(rows, page, r -> Long.toString(r.listPosition()), LIST_QUERY);
                return ListApiKeysResponse.newBuilder()
                        .addAllApiKeys(result.items().stream().map(ApiKeyRow::proto).toList())
                        .setNextPageToken(result.nextPageToken()).build();
            });
        });
    }

    @Override
    @RolesAllowed(Scopes.KEYS_ADMIN)
    public Uni<RevokeApiKeyResponse> revokeApiKey(RevokeApiKeyRequest request) {
        return Uni.createFrom().deferred(() -> {
            Violations violations = new Violations();
            String keyId = Identifiers.required(violations, "key_id", request.getKeyId());
            violations.throwIfAny();
            return store.pool().withTransaction(tx -> store.revoke(tx, keyId, clock.instant()))
                    .onItem().ifNull().failWith(() -> new TallyException(Reason.API_KEY_NOT_FOUND,
                            "no API key has key_id " + keyId, Map.of("key_id", keyId)))
                    .invoke(row -> verifier.revoked(row.keyId()))
                    .map(row -> RevokeApiKeyResponse.newBuilder().setApiKey(row.proto()).build());
        });
    }

    @Override
    @RolesAllowed(Scopes.KEYS_VERIFY)
    public Uni<VerifyApiKeyResponse> verifyApiKey(VerifyApiKeyRequest request) {
        return ApiKey.parse(request.getKey())
                .map(verifier::verify)
                .orElseGet(() -> Uni.createFrom().failure(new InvalidApiKeyException()))
                .map(key -> {
                    VerifyApiKeyResponse.Builder b = VerifyApiKeyResponse.newBuilder().setValid(true).setKeyId(key.keyId())
                            .addAllScopes(new TreeSet<>(key.scopes()));
                    if (key.expireTime() != null) {
                        b.setExpireTime(ProtoTime.timestamp(key.expireTime()));
                    }
                    return b.build();
                })
                .onFailure(InvalidApiKeyException.class).recoverWithItem(VerifyApiKeyResponse.newBuilder().setValid(false).build());
    }

    @Override
    @RolesAllowed(Scopes.KEYS_VERIFY)
    public Multi<WatchApiKeyRevocationsResponse> watchApiKeyRevocations(WatchApiKeyRevocationsRequest request) {
        if (request.getAfterSequence() < 0) {
            return Multi.createFrom().failure(TallyException.invalid("after_sequence", "must not be negative"));
        }
        return shutdown.endOnShutdown(registry.revocations(request.getAfterSequence())
                .map(r -> WatchApiKeyRevocationsResponse.newBuilder().setSequence(r.sequence())
                        .setKeyId(r.keyId() == null ? "" : r.keyId()).build()));
    }
}
