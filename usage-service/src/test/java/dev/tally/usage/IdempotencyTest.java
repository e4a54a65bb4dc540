package dev.tally.usage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.testing.StreamRecorder;
import dev.tally.usage.support.Doubles;
import dev.tally.usage.support.Plans;
import dev.tally.usage.v1.CheckRequest;
import dev.tally.usage.v1.DebitStatus;
import dev.tally.usage.v1.TrackBatchRequest;
import dev.tally.usage.v1.TrackBatchResponse;
import dev.tally.usage.v1.TrackRequest;
import dev.tally.usage.v1.TrackResponse;
import dev.tally.usage.v1.TrackStreamRequest;
import dev.tally.usage.v1.TrackStreamResponse;
import dev.tally.usage.v1.UsageServiceGrpc;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Acceptance 2: replays, concurrent duplicates and key reuse, across Track, TrackBatch, TrackStream and Check. */
@QuarkusTest
class IdempotencyTest extends UsageTest {

    @Test
    void aReplayReturnsTheOriginalResultWithDuplicateAndTheCurrentDebitStatus() {
        String c = customer(Plans.credits());
        Doubles.WALLET.grant(c, "CREDITS", "100");
        TrackRequest request = units(c, "image", "2", key());
        TrackResponse first = usage.track(request);
        TrackResponse again = usage.track(request);
        assertThat(again.getDuplicate()).isTrue();
        assertThat(again.getEventId()).isEqualTo(first.getEventId());
        assertThat(again.getCharge().getCredits().getAmount())
                .isEqualTo(first.getCharge().getCredits().getAmount());
        assertThat(again.getDebitStatus()).isEqualTo(DebitStatus.DEBIT_STATUS_APPLIED);
        assertThat(again.getRemaining().getCredits().getAvailable().getAmount()).isEqualTo("80");
        assertThat(events(c)).isEqualTo(1);
        assertThat(Doubles.WALLET.debitCount(c)).isEqualTo(1);
        assertThat(Doubles.WALLET.available(c, "CREDITS")).isEqualByComparingTo("80");
        // a decimal written otherwise is the same payload: 2 = 2.0
        assertThat(usage.track(request.toBuilder().setValue("2.0").build()).getDuplicate())
                .isTrue();
    }

    @Test
    void theSameKeyWithAnotherPayloadIsAlreadyExistsAndChangesNothing() {
        String c = customer(Plans.credits());
        String k = key();
        usage.track(units(c, "image", "2", k));
        assertThat(reason(fails(Status.Code.ALREADY_EXISTS, () -> usage.track(units(c, "image", "3", k)))))
                .isEqualTo("IDEMPOTENCY_KEY_REUSED");
        // one key space: a Check reserve cannot take an event's key, a batch item replays a Track
        CheckRequest reserve = CheckRequest.newBuilder()
                .setCustomerId(c)
                .setFeatureCode("image")
                .setValue("1")
                .setReserve(true)
                .setIdempotencyKey(k)
                .build();
        assertThat(reason(fails(Status.Code.ALREADY_EXISTS, () -> usage.check(reserve))))
                .isEqualTo("IDEMPOTENCY_KEY_REUSED");
        TrackBatchResponse batch = usage.trackBatch(TrackBatchRequest.newBuilder()
                .addRequests(units(c, "image", "2", k))
                .addRequests(units(c, "image", "9", k))
                .build());
        assertThat(batch.getResults(0).getResponse().getDuplicate()).isTrue();
        assertThat(batch.getResults(1).getError().getReason()).isEqualTo("IDEMPOTENCY_KEY_REUSED");
        assertThat(batch.getResults(1).getError().getCode()).isEqualTo(Status.Code.ALREADY_EXISTS.value());
        assertThat(events(c)).isEqualTo(1);
    }

    @Test
    void concurrentFirstCallsWithOneKeyMakeOneEventAndOneDebit() throws Exception {
        String c = customer(Plans.credits());
        Doubles.WALLET.grant(c, "CREDITS", "100");
        TrackRequest request = units(c, "image", "1", key());
        int callers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<TrackResponse>> calls = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                // separate channels: separate connections, as separate clients would have
                calls.add(pool.submit(() -> {
                    var ch = io.grpc.ManagedChannelBuilder.forAddress("localhost", serviceUrl.getPort())
                            .usePlaintext()
                            .build();
                    try {
                        start.await();
                        return UsageServiceGrpc.newBlockingStub(ch)
                                .withDeadlineAfter(30, TimeUnit.SECONDS)
                                .track(request);
                    } finally {
                        ch.shutdownNow();
                    }
                }));
            }
            start.countDown();
            Set<String> ids = new HashSet<>();
            int duplicates = 0;
            for (Future<TrackResponse> call : calls) {
                TrackResponse r = call.get(60, TimeUnit.SECONDS);
                ids.add(r.getEventId());
                duplicates += r.getDuplicate() ? 1 : 0;
            }
            assertThat(ids).hasSize(1);
            assertThat(duplicates).isEqualTo(callers - 1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(events(c)).isEqualTo(1);
        assertThat(Doubles.WALLET.debitCount(c)).isEqualTo(1);
        assertThat(Doubles.WALLET.available(c, "CREDITS")).isEqualByComparingTo("90");
    }

    @Test
    void batchItemsAnswerOneByOneAndARepeatedKeyInsideTheBatchReplaysTheFirst() {
        String c = customer(Plans.credits());
        Doubles.WALLET.grant(c, "CREDITS", "1000");
        String k = key();
        TrackBatchRequest request = TrackBatchRequest.newBuilder()
                .addRequests(units(c, "image", "1", k))
                .addRequests(units(c, "image", "-1", key()))
                .addRequests(units(c, "image", "1", k))
                .addRequests(units(c, "no_such_feature", "1", key()))
                .addRequests(units(c, "image", "4", key()))
                .build();
        TrackBatchResponse r = usage.trackBatch(request);
        assertThat(r.getResultsCount()).isEqualTo(5);
        assertThat(r.getResults(0).getResponse().getDuplicate()).isFalse();
        assertThat(r.getResults(1).getError().getReason()).isEqualTo("VALIDATION_FAILED");
        assertThat(r.getResults(1).getError().getFieldViolations(0).getField()).isEqualTo("value");
        assertThat(r.getResults(2).getResponse().getDuplicate()).isTrue();
        assertThat(r.getResults(2).getResponse().getEventId())
                .isEqualTo(r.getResults(0).getResponse().getEventId());
        assertThat(r.getResults(3).getError().getReason()).isEqualTo("FEATURE_NOT_ON_PLAN");
        assertThat(r.getResults(4).getResponse().getDebitStatus()).isEqualTo(DebitStatus.DEBIT_STATUS_APPLIED);
        // the whole batch again: every item a replay (or the same error), nothing new
        TrackBatchResponse again = usage.trackBatch(request);
        assertThat(again.getResults(0).getResponse().getDuplicate()).isTrue();
        assertThat(again.getResults(4).getResponse().getDuplicate()).isTrue();
        assertThat(events(c)).isEqualTo(2);
        assertThat(Doubles.WALLET.available(c, "CREDITS")).isEqualByComparingTo("950");
        // more than 1,000 items: INVALID_ARGUMENT on "requests", nothing stored
        TrackBatchRequest.Builder big = TrackBatchRequest.newBuilder();
        for (int i = 0; i < 1001; i++) {
            big.addRequests(units(c, "image", "1", key()));
        }
        assertThat(reason(fails(Status.Code.INVALID_ARGUMENT, () -> usage.trackBatch(big.build()))))
                .isEqualTo("VALIDATION_FAILED");
        assertThat(events(c)).isEqualTo(2);
    }

    @Test
    void theStreamAnswersEveryItemAndShareTheKeySpace() {
        String c = customer(Plans.credits());
        Doubles.WALLET.grant(c, "CREDITS", "1000");
        String tracked = key();
        TrackResponse unary = usage.track(units(c, "image", "1", tracked));
        StreamRecorder<TrackStreamResponse> answers = new StreamRecorder<>();
        StreamObserver<TrackStreamRequest> stream =
                UsageServiceGrpc.newStub(channel).trackStream(answers);
        int items = 50;
        for (int i = 0; i < items; i++) {
            stream.onNext(TrackStreamRequest.newBuilder()
                    .setCorrelationId("n" + i)
                    .setRequest(units(c, "image", "1", i == 0 ? tracked : "s-" + i))
                    .build());
        }
        stream.onNext(TrackStreamRequest.newBuilder()
                .setCorrelationId("bad")
                .setRequest(units(c, "image", "0", "bad"))
                .build());
        stream.onCompleted();
        Set<String> answered = new HashSet<>();
        for (int i = 0; i <= items; i++) {
            TrackStreamResponse a = answers.next(Duration.ofSeconds(30));
            answered.add(a.getCorrelationId());
            if (a.getCorrelationId().equals("n0")) {
                assertThat(a.getResponse().getDuplicate()).isTrue();
                assertThat(a.getResponse().getEventId()).isEqualTo(unary.getEventId());
            } else if (a.getCorrelationId().equals("bad")) {
                assertThat(a.getError().getReason()).isEqualTo("VALIDATION_FAILED");
                assertThat(a.getIdempotencyKey()).isEqualTo("bad");
            } else {
                assertThat(a.getResponse().getDuplicate()).isFalse();
                assertThat(a.getCustomerId()).isEqualTo(c);
            }
        }
        assertThat(answered).hasSize(items + 1);
        assertThat(events(c)).isEqualTo(items);
        assertThat(Doubles.WALLET.available(c, "CREDITS")).isEqualByComparingTo(String.valueOf(1000 - 10 * items));
    }

    static <T> T call(Callable<T> c) throws Exception {
        return c.call();
    }
}
