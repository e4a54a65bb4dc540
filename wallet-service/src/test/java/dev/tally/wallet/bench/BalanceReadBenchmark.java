package dev.tally.wallet.bench;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.net.URL;
import org.junit.jupiter.api.Test;

/**
 * GetBalance: reads/s, latency and the service's CPU time per read. A benchmark, not a test
 * (surefire's default includes skip this name): the service runs here on its own embedded
 * PostgreSQL, a {@link LoadClient} in another JVM keeps {@code bench.concurrency} (8) reads of
 * the CREDITS balance in flight over {@code bench.customers} (1,000) customers, and the report
 * (also in {@code target/balance-read-benchmark.txt}) gives reads/s, p50/p99 and the CPU per read.
 * <pre>
 * ./mvnw -B verify -pl wallet-service -am -Dtest=BalanceReadBenchmark -Dsurefire.failIfNoSpecifiedTests=false -DskipITs
 * </pre>
 * Options: those of {@link LoadBenchmark}, and bench.concurrency (8).
 */
@QuarkusTest
@TestProfile(BenchProfile.class)
class BalanceReadBenchmark {

    @TestHTTPResource("/")
    URL serviceUrl;

    @Test
    void balanceReads() throws Exception {
        LoadBenchmark.measure(serviceUrl.getPort(), "GetBalance", "balance-read", "balance", 8);
    }
}
