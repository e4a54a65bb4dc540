package dev.tally.support.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ApiKeyCacheTest {

    private static final Instant T0 = Instant.parse("2026-01-01T12:00:00Z");
    private final SecureRandom random = new SecureRandom();
    private final ApiKeyCache cache = new ApiKeyCache(
            new ApiKeyCache.Rules(Duration.ofSeconds(60), Duration.ofSeconds(5), Duration.ofMinutes(5), 3));
    private final ApiKey key = ApiKey.generate(random);
    private final VerifiedKey verified = new VerifiedKey(key.keyId(), Set.of(Scopes.USAGE_WRITE), null);

    @Test
    void freshForVerifiedForThenStaleUntilStaleForThenForgotten() {
        assertThat(cache.lookup(key, T0)).isInstanceOf(ApiKeyCache.Lookup.Miss.class);
        cache.verified(key, verified, T0);
        // 12:00:00 + 59 s: fresh
        assertThat(cache.lookup(key, T0.plusSeconds(59))).isEqualTo(new ApiKeyCache.Lookup.Fresh(verified));
        // 12:01:00 .. 12:04:59: stale (asked again, served only while the registry is down)
        assertThat(cache.lookup(key, T0.plusSeconds(60))).isEqualTo(new ApiKeyCache.Lookup.Stale(verified));
        assertThat(cache.lookup(key, T0.plusSeconds(299))).isEqualTo(new ApiKeyCache.Lookup.Stale(verified));
        // 12:05:00: forgotten
        assertThat(cache.lookup(key, T0.plusSeconds(300))).isInstanceOf(ApiKeyCache.Lookup.Miss.class);
        assertThat(cache.size()).isZero();
    }

    @Test
    void aWrongSecretForAKnownIdIsAMissAndNeverEvictsTheRealKey() {
        cache.verified(key, verified, T0);
        ApiKey forged =
                ApiKey.parse("tally_sk_" + key.keyId() + "_" + "A".repeat(43)).orElseThrow();
        assertThat(cache.lookup(forged, T0)).isInstanceOf(ApiKeyCache.Lookup.Miss.class);
        cache.refused(forged, T0);
        assertThat(cache.lookup(forged, T0.plusSeconds(4))).isInstanceOf(ApiKeyCache.Lookup.Invalid.class);
        assertThat(cache.lookup(key, T0.plusSeconds(4))).isEqualTo(new ApiKeyCache.Lookup.Fresh(verified));
    }

    @Test
    void refusalsAreRememberedBriefly() {
        cache.refused(key, T0);
        assertThat(cache.lookup(key, T0.plusSeconds(4))).isInstanceOf(ApiKeyCache.Lookup.Invalid.class);
        assertThat(cache.lookup(key, T0.plusSeconds(5))).isInstanceOf(ApiKeyCache.Lookup.Miss.class);
    }

    @Test
    void aRevokedKeyIsDroppedAndNotCachedAgainByALateAnswer() {
        cache.verified(key, verified, T0);
        cache.revoke(key.keyId(), T0.plusSeconds(1));
        assertThat(cache.lookup(key, T0.plusSeconds(1))).isInstanceOf(ApiKeyCache.Lookup.Miss.class);
        cache.verified(key, verified, T0.plusSeconds(2)); // an answer fetched before the revocation
        assertThat(cache.lookup(key, T0.plusSeconds(2))).isInstanceOf(ApiKeyCache.Lookup.Miss.class);
    }

    @Test
    void keepsAtMostMaxEntriesOfEachKind() {
        List<ApiKey> keys =
                Stream.generate(() -> ApiKey.generate(random)).limit(10).toList();
        for (ApiKey k : keys) {
            cache.verified(k, new VerifiedKey(k.keyId(), Set.of(), null), T0);
            cache.refused(ApiKey.generate(random), T0);
        }
        assertThat(cache.size()).isEqualTo(3);
        // a key is either still known (with its own answer) or forgotten (asked again): nothing else
        List<ApiKeyCache.Lookup> lookups =
                keys.stream().map(k -> cache.lookup(k, T0)).toList();
        assertThat(lookups)
                .filteredOn(ApiKeyCache.Lookup.Fresh.class::isInstance)
                .hasSize(3);
        assertThat(lookups)
                .allSatisfy(lookup -> assertThat(lookup)
                        .isInstanceOfAny(ApiKeyCache.Lookup.Fresh.class, ApiKeyCache.Lookup.Miss.class));
        for (int i = 0; i < keys.size(); i++) {
            if (lookups.get(i) instanceof ApiKeyCache.Lookup.Fresh fresh) {
                assertThat(fresh.key().keyId()).isEqualTo(keys.get(i).keyId());
            }
        }
    }

    @Test
    void expiryIsAnInstantCheck() {
        VerifiedKey expiring = new VerifiedKey("k", Set.of(), T0.plusSeconds(10));
        assertThat(expiring.isExpired(T0.plusSeconds(9))).isFalse();
        assertThat(expiring.isExpired(T0.plusSeconds(10))).isTrue();
        assertThat(verified.isExpired(Instant.MAX)).isFalse();
    }
}
