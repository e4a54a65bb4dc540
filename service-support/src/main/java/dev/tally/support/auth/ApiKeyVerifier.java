package dev.tally.support.auth;

import dev.tally.support.error.TallyException;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Checks a presented key: the {@link ApiKeyCache} first, the service's {@link KeyRegistry} on a
 * miss, and the key's expiry on every call. Keeps the cache honest by following the registry's
 * revocation stream (reopened with backoff, resuming after the last revocation seen; when it could
 * not resume, every cached key is dropped).
 * <p>
 * When the registry cannot be reached, a key confirmed within {@code tally.auth.stale-for} (5 min)
 * is still served; any other key is refused with UNAVAILABLE. Five minutes is the longest a key
 * revoked during a registry outage can still be used on this replica: an outage of the admin plane
 * must not stop metering, and a revocation is an administrative action whose operator can wait for
 * invoice-service to be back (or lower the bound).
 */
@ApplicationScoped
public class ApiKeyVerifier {

    private static final Logger LOG = Logger.getLogger(ApiKeyVerifier.class);
    /** Longest wait between attempts to reopen the revocation stream: revocations must arrive within seconds. */
    private static final Duration MAX_RECONNECT = Duration.ofSeconds(5);

    private final Instance<KeyRegistry> registries;
    private final AuthConfig config;
    private final Clock clock;
    private final ApiKeyCache cache;
    private final AtomicLong lastSequence = new AtomicLong();
    private final AtomicBoolean watchedBefore = new AtomicBoolean();
    private volatile Cancellable watch;

    /** {@code clock}: the service's clock bean (tests move it), else the system's. */
    ApiKeyVerifier(Instance<KeyRegistry> registries, AuthConfig config, Instance<Clock> clock) {
        this.registries = registries;
        this.config = config;
        this.clock = clock.isResolvable() ? clock.get() : Clock.systemUTC();
        this.cache = new ApiKeyCache(config.cacheRules());
    }

    /** The key's id, scopes and expiry; fails with {@link InvalidApiKeyException} or UNAVAILABLE. */
    public Uni<VerifiedKey> verify(ApiKey key) {
        Instant now = clock.instant();
        ApiKeyCache.Lookup known = cache.lookup(key, now);
        if (known instanceof ApiKeyCache.Lookup.Fresh fresh) {
            return unexpired(fresh.key(), now);
        }
        if (known instanceof ApiKeyCache.Lookup.Invalid) {
            return Uni.createFrom().failure(new InvalidApiKeyException());
        }
        VerifiedKey stale = known instanceof ApiKeyCache.Lookup.Stale s ? s.key() : null;
        return registries
                .get()
                .verify(key)
                .onItem()
                .transformToUni(answer -> {
                    cache.verified(key, answer, now);
                    return unexpired(answer, clock.instant());
                })
                .onFailure(f -> !(f instanceof InvalidApiKeyException))
                .recoverWithUni(failure -> {
                    if (stale != null) {
                        LOG.warnf(
                                "key registry unreachable (%s); serving key %s confirmed earlier",
                                failure.getClass().getSimpleName(), key.keyId());
                        return unexpired(stale, clock.instant());
                    }
                    LOG.warnf(
                            "key registry unreachable (%s); refusing unconfirmed key %s",
                            failure.getClass().getSimpleName(), key.keyId());
                    return Uni.createFrom()
                            .failure(
                                    new KeyCheckUnavailableException(
                                            TallyException.unavailable(
                                                    "the API key cannot be verified now: the key registry is unreachable, retry later")));
                })
                .onFailure(InvalidApiKeyException.class)
                .invoke(() -> cache.refused(key, now));
    }

    private static Uni<VerifiedKey> unexpired(VerifiedKey key, Instant now) {
        return key.isExpired(now)
                ? Uni.createFrom().failure(new InvalidApiKeyException())
                : Uni.createFrom().item(key);
    }

    /** Drops {@code keyId} from this replica's cache at once (the registry's own revocations). */
    public void revoked(String keyId) {
        cache.revoke(keyId, clock.instant());
    }

    void start(@Observes StartupEvent started) {
        if (!config.enabled() || registries.isUnsatisfied()) {
            return;
        }
        watch = Multi.createFrom()
                .deferred(this::openRevocations)
                .onCompletion()
                .failWith(() -> new IllegalStateException("revocation stream ended"))
                .onFailure()
                .invoke(f -> LOG.debugf(
                        "revocation stream closed (%s); reopening", f.getClass().getSimpleName()))
                .onFailure()
                .retry()
                .withBackOff(config.reconnectInterval(), MAX_RECONNECT)
                .indefinitely()
                .subscribe()
                .with(this::onRevocation, f -> LOG.error("revocation stream gave up", f));
    }

    void stop(@Observes ShutdownEvent stopping) {
        Cancellable running = watch;
        if (running != null) {
            running.cancel();
        }
    }

    private Multi<KeyRegistry.Revocation> openRevocations() {
        long after = lastSequence.get();
        boolean resumable = after > 0;
        AtomicBoolean first = new AtomicBoolean(true);
        return registries.get().revocations(after).invoke(revocation -> {
            if (first.getAndSet(false) && !resumable && watchedBefore.getAndSet(true)) {
                // reopened without a resume point: revocations made meanwhile may be missed
                cache.clearVerified();
            }
        });
    }

    private void onRevocation(KeyRegistry.Revocation revocation) {
        lastSequence.accumulateAndGet(revocation.sequence(), Math::max);
        if (revocation.keyId() != null && !revocation.keyId().isEmpty()) {
            cache.revoke(revocation.keyId(), clock.instant());
            LOG.debugf("key %s revoked", revocation.keyId());
        }
    }
}
