package dev.tally.invoice.app;

import dev.tally.invoice.domain.RegisteredKey;
import dev.tally.invoice.store.ApiKeyStore;
import dev.tally.support.auth.ApiKey;
import dev.tally.support.auth.AuthConfig;
import dev.tally.support.auth.InvalidApiKeyException;
import dev.tally.support.auth.KeyRegistry;
import dev.tally.support.auth.VerifiedKey;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * The registry itself: keys checked against invoice-service's own database (used by its own
 * {@code ApiKeyVerifier} and by {@code VerifyApiKey}), revocations read from
 * {@code api_key_revocation} every {@code tally.auth.revocation-poll} (1 s), so a revocation made
 * on any replica reaches every stream within about a second. A poll per open stream is a query
 * per second per verifying replica: a handful, where LISTEN/NOTIFY would need a dedicated
 * connection and a catch-up query anyway.
 */
@ApplicationScoped
public class LocalKeyRegistry implements KeyRegistry {

    private static final Logger LOG = Logger.getLogger(LocalKeyRegistry.class);
    private static final Duration TOUCH_EVERY = Duration.ofMinutes(1);

    private final ApiKeyStore store;
    private final Clock clock;
    private final Duration poll;
    private final Map<String, Instant> touched = new ConcurrentHashMap<>();

    LocalKeyRegistry(ApiKeyStore store, Clock clock, AuthConfig config) {
        this.store = store;
        this.clock = clock;
        this.poll = config.revocationPoll();
    }

    @Override
    public Uni<VerifiedKey> verify(ApiKey key) {
        return store.find(key.keyId()).flatMap(row -> {
            Instant now = clock.instant();
            if (row == null || !key.matches(row.secretSha256()) || !row.isActive(now)) {
                return Uni.createFrom().failure(new InvalidApiKeyException());
            }
            touch(row.keyId(), now);
            return Uni.createFrom().item(verified(row));
        });
    }

    /** last_used_time, at most once a minute per key and replica, off the caller's path. */
    private void touch(String keyId, Instant now) {
        Instant last = touched.get(keyId);
        if (last != null && now.isBefore(last.plus(TOUCH_EVERY))) {
            return;
        }
        touched.put(keyId, now);
        store.touch(keyId, now)
                .subscribe()
                .with(ok -> {}, f -> LOG.debugf("last_used_time of key %s not recorded: %s", keyId, f));
    }

    private static VerifiedKey verified(RegisteredKey key) {
        return new VerifiedKey(key.keyId(), Set.copyOf(key.scopes()), key.expireTime());
    }

    @Override
    public Multi<Revocation> revocations(long afterSequence) {
        Uni<Long> start = afterSequence > 0 ? Uni.createFrom().item(afterSequence) : store.lastRevocation();
        return start.onItem().transformToMulti(first -> {
            AtomicLong last = new AtomicLong(first);
            Multi<Revocation> live = Multi.createFrom()
                    .ticks()
                    .every(poll)
                    .onOverflow()
                    .drop()
                    .concatMap(tick -> store.revocationsAfter(last.get())
                            .toMulti()
                            .flatMap(list -> Multi.createFrom().iterable(list)))
                    .invoke(r -> last.set(r.sequence()));
            return Multi.createBy().concatenating().streams(Multi.createFrom().item(new Revocation(first, null)), live);
        });
    }
}
