package dev.tally.invoice.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.invoice.InvoiceTest;
import dev.tally.invoice.v1.CreateCustomerRequest;
import dev.tally.invoice.v1.CreateSubscriptionRequest;
import dev.tally.invoice.v1.Customer;
import dev.tally.invoice.v1.InvoiceServiceGrpc;
import dev.tally.invoice.v1.Plan;
import io.grpc.stub.StreamObserver;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Acceptance 8, a benchmark, not a test (surefire's default includes skip this name): closing
 * 10,000 due subscriptions. Subscribes {@code bench.subscriptions} customers to a BALANCE plan
 * (every close step: usage, settlement, expiry, invoice) against the wallet and usage test doubles
 * (in this JVM, so the time is invoice-service's and its database's), then moves the service's clock
 * to the period end and runs the billing job until every subscription is renewed (next period
 * opened, its grant made), then past the grace end and runs it until every period is closed and
 * invoiced. Prints both times and rates (also to {@code target/invoice-benchmark.txt}).
 * <pre>
 * ./mvnw -B verify -pl invoice-service -am -Dtest=CloseBenchmark -Dsurefire.failIfNoSpecifiedTests=false -DskipITs
 * </pre>
 * Options (system properties): bench.subscriptions (10000), bench.setup-concurrency (16).
 * The job's own settings apply: tally.invoice.billing.batch-size (1000 per run), .concurrency (8).
 */
@QuarkusTest
class CloseBenchmark extends InvoiceTest {

    private static final Instant APRIL_1 = Instant.parse("2026-04-01T00:00:00Z");

    private final int subscriptions = Integer.getInteger("bench.subscriptions", 10_000);
    private final int setupConcurrency = Integer.getInteger("bench.setup-concurrency", 16);
    private int failedItems;

    @Test
    void closeDueSubscriptions() throws Exception {
        Plan plan = createPlan(balancePlan(unique("bench"), "50"));
        long setupStart = System.nanoTime();
        subscribeAll(plan);
        double setupSeconds = seconds(setupStart);
        for (int i = 0; i < subscriptions; i++) {
            wallet.setShortfall(customer(i), "USD", "6.00");
        }

        clock.set(APRIL_1);
        String mine = "plan_version_id = '" + plan.getPlanId() + "@1'";
        double renewSeconds = runJobUntil("SELECT count(*) FROM billing_period WHERE period_index = 1 AND " + mine);

        clock.set(APRIL_1.plus(Duration.ofHours(1)));
        double closeSeconds = runJobUntil("SELECT count(*) FROM billing_period WHERE period_index = 0"
                + " AND close_time IS NOT NULL AND " + mine);
        assertThat(count("SELECT count(*) FROM invoice i JOIN subscription s USING (subscription_id)"
                        + " WHERE s.plan_version_id = '" + plan.getPlanId() + "@1' AND i.closes_period_index = 0"
                        + " AND i.status = 'FINALIZED'"))
                .isEqualTo(subscriptions);

        String report = String.format(
                Locale.ROOT,
                """
                invoice-service close benchmark (wallet and usage doubles in the test JVM)
                subscriptions: %,d (BALANCE plan, $6.00 of shortfall each)
                subscribe (gRPC, %d concurrent; opening invoice finalized, period grant): %.1f s, %.0f subscriptions/s
                renewal at the period end (next period opened, its grant made):        %.1f s, %.0f subscriptions/s
                close after the grace (usage, settle, expire, invoice + finalize):     %.1f s, %.0f subscriptions/s
                job items failed and retried by a later run: %d
                """,
                subscriptions,
                setupConcurrency,
                setupSeconds,
                subscriptions / setupSeconds,
                renewSeconds,
                subscriptions / renewSeconds,
                closeSeconds,
                subscriptions / closeSeconds,
                failedItems);
        System.out.println(report);
        Files.writeString(Path.of("target", "invoice-benchmark.txt"), report);
    }

    private void subscribeAll(Plan plan) throws Exception {
        InvoiceServiceGrpc.InvoiceServiceStub async = InvoiceServiceGrpc.newStub(channel);
        Semaphore inFlight = new Semaphore(setupConcurrency);
        AtomicReference<Throwable> failed = new AtomicReference<>();
        CompletableFuture<Void> all = new CompletableFuture<>();
        AtomicInteger done = new AtomicInteger();
        for (int i = 0; i < subscriptions && failed.get() == null; i++) {
            inFlight.acquire();
            String customer = customer(i);
            async.withDeadlineAfter(60, TimeUnit.SECONDS)
                    .createCustomer(
                            CreateCustomerRequest.newBuilder()
                                    .setIdempotencyKey(key())
                                    .setCustomer(Customer.newBuilder()
                                            .setCustomerId(customer)
                                            .setDisplayName(customer)
                                            .setEmail("billing@bench.test")
                                            .setCurrencyCode("USD"))
                                    .build(),
                            observer(
                                    failed,
                                    inFlight,
                                    all,
                                    () -> async.withDeadlineAfter(60, TimeUnit.SECONDS)
                                            .createSubscription(
                                                    CreateSubscriptionRequest.newBuilder()
                                                            .setIdempotencyKey(key())
                                                            .setCustomerId(customer)
                                                            .setPlanId(plan.getPlanId())
                                                            .build(),
                                                    observer(
                                                            failed,
                                                            inFlight,
                                                            all,
                                                            () -> {
                                                                if (done.incrementAndGet() == subscriptions) {
                                                                    all.complete(null);
                                                                }
                                                            },
                                                            true)),
                                    false));
        }
        all.get(30, TimeUnit.MINUTES);
        assertThat(failed.get()).isNull();
    }

    /** Runs {@code next} after the call answers; releases the slot when {@code last}. */
    private static <T> StreamObserver<T> observer(
            AtomicReference<Throwable> failed,
            Semaphore inFlight,
            CompletableFuture<Void> all,
            Runnable next,
            boolean last) {
        return new StreamObserver<>() {
            @Override
            public void onNext(T value) {}

            @Override
            public void onError(Throwable t) {
                failed.compareAndSet(null, t);
                inFlight.release();
                all.completeExceptionally(t);
            }

            @Override
            public void onCompleted() {
                if (last) {
                    inFlight.release();
                }
                next.run();
            }
        };
    }

    /** Runs the job until {@code countSql} (this benchmark's periods renewed or closed) reaches every subscription; the seconds it took. */
    private double runJobUntil(String countSql) {
        long start = System.nanoTime();
        for (int runs = 1; count(countSql) < subscriptions; runs++) {
            failedItems += runJob().failed(); // retried by the next run, reported
            assertThat(runs).as("job runs").isLessThan(subscriptions);
        }
        return seconds(start);
    }

    private String customer(int i) {
        return "bench-" + i;
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
