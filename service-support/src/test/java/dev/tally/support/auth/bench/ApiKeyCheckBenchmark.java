package dev.tally.support.auth.bench;

import dev.tally.support.auth.ApiKey;
import dev.tally.support.auth.ApiKeyCache;
import dev.tally.support.auth.VerifiedKey;
import dev.tally.testing.JmhBenchmarks;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What API keys add to every call on a replica that has verified the key (the hot path; a miss asks
 * invoice-service once a minute per key): {@link ApiKeyCache#lookup} of a fresh key, with
 * {@code keys} keys cached, on 1 and 2 threads. A JMH benchmark, never run by {@code verify} (the
 * name is not a test's); the command is in service-support's README ("Benchmark").
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ApiKeyCheckBenchmark {

    /** Runs this class's benchmarks ({@code -Djmh.args} for JMH's options). */
    @Test
    void run() throws Exception {
        JmhBenchmarks.run(ApiKeyCheckBenchmark.class);
    }

    /** The cache and the keys callers present: fresh copies of each key's text, as requests bring them. */
    @State(Scope.Benchmark)
    public static class Cached {
        @Param("1000")
        int keys;

        ApiKeyCache cache;
        List<ApiKey> presented;
        Instant now;

        @Setup
        public void verifyKeys() {
            cache = new ApiKeyCache(new ApiKeyCache.Rules(
                    Duration.ofMinutes(10), Duration.ofSeconds(5), Duration.ofMinutes(15), 10_000));
            SecureRandom random = new SecureRandom();
            now = Instant.now();
            presented = new ArrayList<>();
            for (int i = 0; i < keys; i++) {
                ApiKey key = ApiKey.generate(random);
                cache.verified(key, new VerifiedKey(key.keyId(), Set.of("usage:write"), null), now);
                presented.add(ApiKey.parse(new String(key.text().toCharArray())).orElseThrow());
            }
        }
    }

    /** Each thread walks the keys from its own place. */
    @State(Scope.Thread)
    public static class Caller {
        int next;

        @Setup
        public void start() {
            next = ThreadLocalRandom.current().nextInt(1 << 20);
        }
    }

    @Benchmark
    @Threads(1)
    public ApiKeyCache.Lookup freshKeyOneThread(Cached cached, Caller caller) {
        return lookup(cached, caller);
    }

    @Benchmark
    @Threads(2)
    public ApiKeyCache.Lookup freshKeyTwoThreads(Cached cached, Caller caller) {
        return lookup(cached, caller);
    }

    private static ApiKeyCache.Lookup lookup(Cached cached, Caller caller) {
        ApiKeyCache.Lookup lookup = cached.cache.lookup(cached.presented.get(caller.next++ % cached.keys), cached.now);
        if (!(lookup instanceof ApiKeyCache.Lookup.Fresh)) {
            throw new AssertionError("a verified key must be fresh");
        }
        return lookup;
    }
}
