package dev.tally.support.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.support.error.TallyException;
import io.grpc.Status;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** {@link ShutdownSignal#endOnShutdown}: a stream passes through unchanged until the shutdown begins. */
class ShutdownSignalTest {

    private final ShutdownSignal signal = new ShutdownSignal();

    @Test
    void openStreamFailsWithUnavailableWhenTheShutdownBeginsAndIsCancelled() {
        BroadcastProcessor<String> changes = BroadcastProcessor.create();
        AtomicBoolean cancelled = new AtomicBoolean();
        AssertSubscriber<String> client = signal.endOnShutdown(
                        changes.onCancellation().invoke(() -> cancelled.set(true)))
                .subscribe()
                .withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));
        changes.onNext("a");
        changes.onNext("b");
        assertThat(signal.openStreams()).isEqualTo(1);

        signal.begin();

        client.assertFailedWith(TallyException.class, ShutdownSignal.MESSAGE);
        assertThat(client.getItems()).containsExactly("a", "b");
        TallyException failure = (TallyException) client.getFailure();
        assertThat(failure.code()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(failure.reason()).isEqualTo("SERVER_SHUTTING_DOWN");
        assertThat(cancelled).as("the watch itself is cancelled").isTrue();
        assertThat(signal.openStreams()).isZero();
        assertThat(signal.isShuttingDown()).isTrue();
    }

    @Test
    void streamOpenedAfterTheSignalFailsAtOnce() {
        signal.begin();
        AtomicBoolean subscribed = new AtomicBoolean();
        AssertSubscriber<Integer> client = signal.endOnShutdown(
                        Multi.createFrom().range(0, 3).onSubscription().invoke(() -> subscribed.set(true)))
                .subscribe()
                .withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));
        client.assertFailedWith(TallyException.class, ShutdownSignal.MESSAGE);
        assertThat(signal.openStreams()).isZero();
        assertThat(subscribed).as("the watch is never opened").isFalse();
    }

    @Test
    void streamThatEndsByItselfCompletesAndLeavesNothingRegistered() {
        AssertSubscriber<Integer> client = signal.endOnShutdown(
                        Multi.createFrom().range(0, 3))
                .subscribe()
                .withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));
        client.assertCompleted().assertItems(0, 1, 2);
        assertThat(signal.openStreams()).isZero();

        AssertSubscriber<Integer> empty = signal.endOnShutdown(
                        Multi.createFrom().<Integer>empty())
                .subscribe()
                .withSubscriber(AssertSubscriber.create(1));
        empty.assertCompleted();
        assertThat(signal.openStreams()).isZero();
    }

    @Test
    void failureOfTheStreamPassesThrough() {
        AssertSubscriber<Integer> client = signal.endOnShutdown(
                        Multi.createFrom().<Integer>failure(new IllegalStateException("boom")))
                .subscribe()
                .withSubscriber(AssertSubscriber.create(1));
        client.assertFailedWith(IllegalStateException.class, "boom");
        assertThat(signal.openStreams()).isZero();
    }

    @Test
    void clientCancellingUnregistersTheStream() {
        AssertSubscriber<String> client = signal.endOnShutdown(BroadcastProcessor.<String>create())
                .subscribe()
                .withSubscriber(AssertSubscriber.create(1));
        assertThat(signal.openStreams()).isEqualTo(1);
        client.cancel();
        assertThat(signal.openStreams()).isZero();
    }

    @Test
    void backPressureIsKept() {
        AssertSubscriber<Integer> client = signal.endOnShutdown(
                        Multi.createFrom().range(0, 10))
                .subscribe()
                .withSubscriber(AssertSubscriber.create(2));
        client.assertItems(0, 1).assertNotTerminated();
        client.request(8);
        client.assertCompleted();
        assertThat(client.getItems()).hasSize(10);
    }
}
