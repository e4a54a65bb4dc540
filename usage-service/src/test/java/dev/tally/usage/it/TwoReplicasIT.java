package dev.tally.usage.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tally.launcher.ServiceProcess;
import dev.tally.testing.Waits;
import dev.tally.usage.v1.TrackBatchRequest;
import dev.tally.usage.v1.TrackBatchResponse;
import dev.tally.usage.v1.TrackRequest;
import dev.tally.usage.v1.TrackResult;
import dev.tally.usage.v1.UsageServiceGrpc;
import io.grpc.ManagedChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The same keys at the same instant on two replicas (two packaged usage-service processes on one
 * database): each key makes one event and one wallet debit. Both replicas get the same batch of 200
 * events at once, so their transactions collide on the idempotency records; the later one is run
 * again and replays the earlier one's events: both answer every key with the same event id, and
 * exactly one of the two answers of each key is not a duplicate.
 */
class TwoReplicasIT {

    private static final int EVENTS = 200;

    @Test
    void oneKeyOnTwoReplicasAtOnceIsOneEventAndOneDebit() throws Exception {
        try (UsageSystem system = new UsageSystem("tworeplicas")) {
            system.startWallet();
            String customer = system.creditsCustomer("it-two-", "100000");
            system.startUsage();
            ServiceProcess second = system.startUsageReplica();
            TrackBatchRequest.Builder batch = TrackBatchRequest.newBuilder();
            for (int i = 0; i < EVENTS; i++) {
                batch.addRequests(TrackRequest.newBuilder()
                        .setCustomerId(customer)
                        .setFeatureCode("image")
                        .setValue("1")
                        .setIdempotencyKey("same-" + i));
            }
            ManagedChannel one = system.channel(system.usagePort);
            ManagedChannel two = system.channel(second.port());
            CountDownLatch start = new CountDownLatch(1);
            try {
                CompletableFuture<TrackBatchResponse> first = send(one, batch.build(), start);
                CompletableFuture<TrackBatchResponse> other = send(two, batch.build(), start);
                start.countDown();
                TrackBatchResponse a = first.get(60, TimeUnit.SECONDS);
                TrackBatchResponse b = other.get(60, TimeUnit.SECONDS);
                for (int i = 0; i < EVENTS; i++) {
                    TrackResult x = a.getResults(i);
                    TrackResult y = b.getResults(i);
                    assertThat(x.hasResponse() && y.hasResponse())
                            .as("%s / %s", x, y)
                            .isTrue();
                    assertThat(x.getResponse().getEventId())
                            .isEqualTo(y.getResponse().getEventId());
                    assertThat(x.getResponse().getDuplicate() ^ y.getResponse().getDuplicate())
                            .as("exactly one first answer for key %d", i)
                            .isTrue();
                }
            } finally {
                one.shutdownNow();
                two.shutdownNow();
            }
            await("the outbox to drain")
                    .atMost(Waits.PATIENTLY)
                    .until(() -> system.usageSql("SELECT count(*) FROM wallet_outbox") == 0);
            assertThat(system.usageSql("SELECT count(*) FROM usage_event WHERE customer_id = '" + customer + "'"))
                    .isEqualTo(EVENTS);
            assertThat(system.walletSql("SELECT count(*) FROM ledger_entry WHERE customer_id = '" + customer
                            + "' AND entry_type = 'DEBIT'"))
                    .isEqualTo(EVENTS);
            assertThat(system.walletSql("SELECT count(DISTINCT reference) FROM ledger_entry WHERE customer_id = '"
                            + customer + "' AND entry_type = 'DEBIT'"))
                    .isEqualTo(EVENTS);
        }
    }

    private static CompletableFuture<TrackBatchResponse> send(
            ManagedChannel channel, TrackBatchRequest batch, CountDownLatch start) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                start.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            return UsageServiceGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(60, TimeUnit.SECONDS)
                    .trackBatch(batch);
        });
    }
}
