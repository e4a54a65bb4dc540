package dev.tally.support.auth.bench;

import dev.tally.support.auth.ApiKey;
import dev.tally.support.auth.ApiKeyCache;
import dev.tally.support.auth.VerifiedKey;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What API keys add to every call on a replica that has verified the key (the hot path; a miss asks
 * invoice-service once a minute per key): {@link ApiKeyCache#lookup} of a fresh key, with 1,000 keys
 * cached, on 1 and 2 threads. Not run by {@code verify} (not a *Test); run with
 * {@code ./mvnw -B verify -pl service-support -am -Dtest=ApiKeyCheckBenchmark -Dsurefire.failIfNoSpecifiedTests=false -DskipITs}.
 * Options: {@code -Dbench.seconds} (5), {@code -Dbench.keys} (1000).
 */
class ApiKeyCheckBenchmark {

    @Test
    void freshKeyLookups() throws InterruptedException {
        long seconds = Long.getLong("bench.seconds", 5);
        int keyCount = Integer.getInteger("bench.keys", 1000);
        ApiKeyCache cache = new ApiKeyCache(new ApiKeyCache.Rules(Duration.ofMinutes(10), Duration.ofSeconds(5),
                Duration.ofMinutes(15), 10_000));
        SecureRandom random = new SecureRandom();
        Instant now = Instant.now();
        List<ApiKey> keys = new ArrayList<>();
        for (int i = 0; i < keyCount; i++) {
            ApiKey key = ApiKey.generate(random);
            cache.verified(key, new VerifiedKey(key.keyId(), Set.of("usage:write"), null), now);
            // a fresh copy of the text, as a request brings it
            keys.add(ApiKey.parse(new String(key.text().toCharArray())).orElseThrow());
        }
        run(cache, keys, now, 1, 2);                       // warm-up
        for (int threads : new int[] {1, 2}) {
            long[] result = run(cache, keys, now, threads, seconds);
            double nsPerLookup = (double) result[1] * threads / result[0];
            System.out.printf("ApiKeyCheckBenchmark: %d thread(s), %d keys cached: %,d lookups in %d s, %.0f ns per lookup"
                    + " (thread time), %,.0f lookups/s%n", threads, keyCount, result[0], seconds, nsPerLookup,
                    result[0] / (result[1] / 1e9));
        }
    }

    /** Returns {lookups, elapsed ns}. */
    private static long[] run(ApiKeyCache cache, List<ApiKey> keys, Instant now, int threads, long seconds)
            throws InterruptedException {
        AtomicLong lookups = new AtomicLong();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        List<Thread> running = new ArrayList<>();
        long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            int offset = t;
            Thread thread = new Thread(() -> {
                long n = 0;
                int i = offset;
                while (System.nanoTime() < end) {
                    if (!(cache.lookup(keys.get(i++ % keys.size()), now) instanceof ApiKeyCache.Lookup.Fresh)) {
                        throw new AssertionError("a verified key must be fresh");
                    }
                    n++;
                }
                lookups.addAndGet(n);
            });
            thread.start();
            running.add(thread);
        }
        for (Thread thread : running) {
            thread.join();
        }
        return new long[] {lookups.get(), System.nanoTime() - start};
    }
}
