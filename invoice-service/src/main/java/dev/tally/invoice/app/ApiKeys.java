package dev.tally.invoice.app;

import com.google.protobuf.MessageLite;
import dev.tally.invoice.domain.NewApiKey;
import dev.tally.invoice.domain.RegisteredKey;
import dev.tally.invoice.store.ApiKeyStore;
import dev.tally.support.auth.ApiKey;
import dev.tally.support.auth.ApiKeyVerifier;
import dev.tally.support.auth.InvalidApiKeyException;
import dev.tally.support.auth.VerifiedKey;
import dev.tally.support.error.Reason;
import dev.tally.support.error.TallyException;
import dev.tally.support.idempotency.IdempotencyStore;
import dev.tally.support.idempotency.Replies;
import dev.tally.support.idempotency.Reply;
import dev.tally.support.idempotency.RequestKey;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The API key registry's use cases (ApiKeyService). The secret of a new key exists only in the
 * first answer to CreateApiKey: the idempotency record stores the response without it, so a replay
 * has no secret to give.
 */
@ApplicationScoped
public class ApiKeys {

    /** A created key: the call's reply (stored without the secret) and the full key, null on a replay. */
    public record Issued<P>(Reply<P> reply, String key) {}

    private final ApiKeyStore store;
    private final IdempotencyStore records;
    private final ApiKeyVerifier verifier;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    ApiKeys(ApiKeyStore store, IdempotencyStore records, ApiKeyVerifier verifier, Clock clock) {
        this.store = store;
        this.records = records;
        this.verifier = verifier;
        this.clock = clock;
    }

    /** Generates and stores a key; {@code respond} is the response stored for replays (never the secret). */
    public <P extends MessageLite> Uni<Issued<P>> create(
            NewApiKey command, RequestKey requestKey, Replies<P> replies, Function<RegisteredKey, P> respond) {
        return Uni.createFrom().deferred(() -> {
            Instant now = clock.instant();
            ApiKey key = ApiKey.generate(random);
            return records.retryOnRace(() -> store.inTransaction(tx -> records.once(
                            tx,
                            requestKey,
                            replies,
                            now,
                            () -> store.insert(
                                            tx,
                                            key.keyId(),
                                            key.secretHash(),
                                            command.displayName(),
                                            command.scopes(),
                                            now,
                                            command.expireTime())
                                    .map(respond))))
                    .map(reply -> new Issued<>(reply, reply.duplicate() ? null : key.text()));
        });
    }

    /** Up to {@code limit} keys after list position {@code before} (null: the newest first). */
    public Uni<List<RegisteredKey>> list(Long before, int limit) {
        return store.list(before, limit);
    }

    /** Revokes the key (a repeat answers the first revocation); this replica's cache drops it at once. */
    public Uni<RegisteredKey> revoke(String keyId) {
        return store.revoke(keyId, clock.instant())
                .onItem()
                .ifNull()
                .failWith(() -> new TallyException(
                        Reason.API_KEY_NOT_FOUND, "no API key has key_id " + keyId, Map.of("key_id", keyId)))
                .invoke(key -> verifier.revoked(key.keyId()));
    }

    /** What the registry says about a key's full text: null when it is not a valid key now. */
    public Uni<VerifiedKey> verify(String keyText) {
        return ApiKey.parse(keyText)
                .map(verifier::verify)
                .orElseGet(() -> Uni.createFrom().failure(new InvalidApiKeyException()))
                .onFailure(InvalidApiKeyException.class)
                .recoverWithNull();
    }
}
