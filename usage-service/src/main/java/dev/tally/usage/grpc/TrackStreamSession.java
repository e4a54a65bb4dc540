package dev.tally.usage.grpc;

import dev.tally.kit.error.ItemErrors;
import dev.tally.usage.app.TrackAnswer;
import dev.tally.usage.app.TrackItem;
import dev.tally.usage.app.TrackQueue;
import dev.tally.usage.v1.TrackResponse;
import dev.tally.usage.v1.TrackStreamRequest;
import dev.tally.usage.v1.TrackStreamResponse;
import io.smallrye.mutiny.subscription.MultiEmitter;
import io.smallrye.mutiny.subscription.MultiSubscriber;
import java.time.Clock;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * One TrackStream: reads at most {@code maxUnanswered} items beyond those answered (it requests one
 * more item per answer, so a fast client is held back by HTTP/2 flow control, not refused), hands
 * each valid item to the {@link TrackQueue} (which groups items of every stream into shared
 * transactions), answers every item exactly once after it is durable (in any order, echoing
 * correlation id, customer id and key), and completes once the client half-closed and every item
 * read is answered.
 */
final class TrackStreamSession implements MultiSubscriber<TrackStreamRequest> {

    private final MultiEmitter<? super TrackStreamResponse> emitter;
    private final BiConsumer<TrackItem, Consumer<TrackAnswer<TrackResponse>>> ingestor;
    private final Clock clock;
    private final int maxUnanswered;
    private final AtomicInteger unanswered = new AtomicInteger();
    private final AtomicBoolean inputDone = new AtomicBoolean();
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile Flow.Subscription subscription;

    /** @param ingestor {@link TrackQueue#submit} (a test passes its own) */
    TrackStreamSession(
            MultiEmitter<? super TrackStreamResponse> emitter,
            BiConsumer<TrackItem, Consumer<TrackAnswer<TrackResponse>>> ingestor,
            Clock clock,
            int maxUnanswered) {
        this.emitter = emitter;
        this.ingestor = ingestor;
        this.clock = clock;
        this.maxUnanswered = maxUnanswered;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        s.request(maxUnanswered);
    }

    @Override
    public void onItem(TrackStreamRequest item) {
        unanswered.incrementAndGet();
        TrackStreamResponse.Builder answer = TrackStreamResponse.newBuilder()
                .setCorrelationId(item.getCorrelationId())
                .setCustomerId(item.getRequest().getCustomerId())
                .setIdempotencyKey(item.getRequest().getIdempotencyKey());
        TrackItem valid;
        try {
            valid = TrackRequests.item(item.getRequest(), clock.instant());
        } catch (RuntimeException invalid) {
            answer(answer.setError(ItemErrors.of(invalid)).build());
            return;
        }
        ingestor.accept(valid, result -> answer(result(answer, result)));
    }

    private static TrackStreamResponse result(TrackStreamResponse.Builder answer, TrackAnswer<TrackResponse> result) {
        return result.error() == null
                ? answer.setResponse(result.response()).build()
                : answer.setError(ItemErrors.of(result.error())).build();
    }

    private void answer(TrackStreamResponse response) {
        if (ended.get()) {
            return;
        }
        emitter.emit(response);
        int left = unanswered.decrementAndGet();
        if (inputDone.get() && left == 0) {
            end();
        } else {
            subscription.request(1);
        }
    }

    @Override
    public void onCompletion() {
        inputDone.set(true);
        if (unanswered.get() == 0) {
            end();
        }
    }

    @Override
    public void onFailure(Throwable failure) {
        if (ended.compareAndSet(false, true)) {
            emitter.fail(failure);
        }
    }

    private void end() {
        if (ended.compareAndSet(false, true)) {
            emitter.complete();
        }
    }

    /** The response side ended (the client cancelled, or the server is shutting down): stop reading. */
    void cancel() {
        ended.set(true);
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
    }
}
