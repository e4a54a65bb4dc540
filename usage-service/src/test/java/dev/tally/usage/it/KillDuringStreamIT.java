package dev.tally.usage.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tally.testing.Waits;
import dev.tally.usage.v1.TrackBatchRequest;
import dev.tally.usage.v1.TrackBatchResponse;
import dev.tally.usage.v1.TrackRequest;
import dev.tally.usage.v1.TrackStreamRequest;
import dev.tally.usage.v1.TrackStreamResponse;
import dev.tally.usage.v1.UsageServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Acceptance 4: {@code kill -9} of the packaged usage-service while a client streams events through
 * TrackStream. After a restart, every event acknowledged before the kill is stored and debited
 * exactly once (the real wallet-service's ledger counts one DEBIT per event); the client then
 * resends what it had no answer for, and every event ends stored and debited exactly once.
 */
class KillDuringStreamIT {

    private static final int SENT_MAX = 20_000;
    private static final int KILL_AFTER_ACKS = 1_500;

    @Test
    void everyAcknowledgedEventIsStoredAndDebitedExactlyOnceAfterAKill() throws Exception {
        try (UsageSystem system = new UsageSystem("killstream")) {
            system.startWallet();
            String customer = system.creditsCustomer("it-kill-", "100000000");
            system.startUsage();

            Set<String> acknowledged = ConcurrentHashMap.newKeySet();
            List<String> sent = new ArrayList<>();
            CountDownLatch ended = new CountDownLatch(1);
            Semaphore window = new Semaphore(300);
            ManagedChannel toUsage = system.channel(system.usagePort);
            StreamObserver<TrackStreamRequest> stream = UsageServiceGrpc.newStub(toUsage)
                    .trackStream(new StreamObserver<>() {
                        @Override
                        public void onNext(TrackStreamResponse answer) {
                            if (answer.hasResponse()) {
                                acknowledged.add(answer.getIdempotencyKey());
                            }
                            window.release();
                            if (acknowledged.size() == KILL_AFTER_ACKS) {
                                new Thread(system.usage::kill).start();
                            }
                        }

                        @Override
                        public void onError(Throwable t) {
                            ended.countDown();
                            window.release(1_000_000);
                        }

                        @Override
                        public void onCompleted() {
                            ended.countDown();
                        }
                    });
            for (int i = 0; i < SENT_MAX && ended.getCount() > 0; i++) {
                window.acquire();
                if (ended.getCount() == 0) {
                    break;
                }
                String key = "s-" + i;
                sent.add(key);
                stream.onNext(TrackStreamRequest.newBuilder()
                        .setCorrelationId(key)
                        .setRequest(item(customer, key))
                        .build());
            }
            assertThat(ended.await(60, TimeUnit.SECONDS))
                    .as("the stream ended by the kill")
                    .isTrue();
            toUsage.shutdownNow();
            assertThat(system.usage.isAlive()).isFalse();
            assertThat(acknowledged.size()).isGreaterThanOrEqualTo(KILL_AFTER_ACKS);

            system.startUsage();
            await("the outbox to drain after the restart")
                    .atMost(Duration.ofSeconds(90))
                    .until(() -> system.usageSql("SELECT count(*) FROM wallet_outbox") == 0);
            long stored = system.usageSql("SELECT count(*) FROM usage_event WHERE customer_id = '" + customer + "'");
            long storedAcknowledged = system.usageSql("SELECT count(*) FROM usage_event WHERE customer_id = '"
                    + customer + "' AND idempotency_key IN ('" + String.join("','", acknowledged) + "')");
            assertThat(storedAcknowledged)
                    .as("every acknowledged event is stored")
                    .isEqualTo(acknowledged.size());
            assertDebitedOnce(system, customer, stored);

            // the client resends what it had no answer for (all sent items, to be sure): replays or new events
            ManagedChannel again = system.channel(system.usagePort);
            for (int from = 0; from < sent.size(); from += 1000) {
                TrackBatchRequest.Builder batch = TrackBatchRequest.newBuilder();
                sent.subList(from, Math.min(sent.size(), from + 1000))
                        .forEach(k -> batch.addRequests(item(customer, k)));
                TrackBatchResponse r = UsageServiceGrpc.newBlockingStub(again)
                        .withDeadlineAfter(60, TimeUnit.SECONDS)
                        .trackBatch(batch.build());
                r.getResultsList()
                        .forEach(result -> assertThat(result.hasResponse())
                                .as("%s", result)
                                .isTrue());
            }
            again.shutdownNow();
            await("the outbox to drain after the resend")
                    .atMost(Waits.PATIENTLY)
                    .until(() -> system.usageSql("SELECT count(*) FROM wallet_outbox") == 0);
            assertThat(system.usageSql("SELECT count(*) FROM usage_event WHERE customer_id = '" + customer + "'"))
                    .isEqualTo(sent.size());
            assertDebitedOnce(system, customer, sent.size());
        }
    }

    private static TrackRequest item(String customer, String key) {
        return TrackRequest.newBuilder()
                .setCustomerId(customer)
                .setFeatureCode("image")
                .setValue("1")
                .setIdempotencyKey(key)
                .build();
    }

    /** One DEBIT ledger entry per stored event (the event id as reference), each event APPLIED. */
    private static void assertDebitedOnce(UsageSystem system, String customer, long events) {
        assertThat(system.walletSql("SELECT count(*) FROM ledger_entry WHERE customer_id = '" + customer
                        + "' AND entry_type = 'DEBIT'"))
                .isEqualTo(events);
        assertThat(system.walletSql("SELECT count(DISTINCT reference) FROM ledger_entry WHERE customer_id = '"
                        + customer + "' AND entry_type = 'DEBIT'"))
                .isEqualTo(events);
        assertThat(system.usageSql("SELECT count(*) FROM usage_event WHERE customer_id = '" + customer
                        + "' AND debit_status = 'APPLIED'"))
                .isEqualTo(events);
    }
}
