package dev.tally.wallet.bench;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.net.URL;
import org.junit.jupiter.api.Test;

/**
 * Unary Debit: throughput, latency and the service's CPU time per call. A benchmark, not a test
 * (surefire's default includes skip this name): the service runs here on its own embedded
 * PostgreSQL, a {@link LoadClient} in another JVM keeps {@code bench.concurrency} (64) debits in
 * flight over {@code bench.customers} (1,000) customers, and the report (also in
 * {@code target/unary-debit-benchmark.txt}) gives debits/s, p50/p99 and the CPU per call of this
 * process (the service), PostgreSQL and the client.
 * <pre>
 * ./mvnw -B verify -pl wallet-service -am -Dtest=UnaryDebitBenchmark -Dsurefire.failIfNoSpecifiedTests=false -DskipITs
 * </pre>
 * Options: those of {@link LoadBenchmark}, and bench.concurrency (64).
 */
@QuarkusTest
@TestProfile(BenchProfile.class)
class UnaryDebitBenchmark {

    @TestHTTPResource("/")
    URL serviceUrl;

    @Test
    void unaryDebit() throws Exception {
        LoadBenchmark.measure(serviceUrl.getPort(), "Unary Debit", "unary-debit", "debit", 64);
    }
}
