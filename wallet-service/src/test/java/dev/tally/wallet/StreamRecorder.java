package dev.tally.wallet;

import io.grpc.stub.StreamObserver;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Records a server stream so a test can wait for its next message with a deadline (no sleeps). */
public final class StreamRecorder<T> implements StreamObserver<T> {

    private static final Object COMPLETED = new Object();
    private final BlockingQueue<Object> received = new LinkedBlockingQueue<>();

    @Override
    public void onNext(T value) {
        received.add(value);
    }

    @Override
    public void onError(Throwable failure) {
        received.add(failure);
    }

    @Override
    public void onCompleted() {
        received.add(COMPLETED);
    }

    /** The next message, failing when none arrives within {@code timeout} or the stream ended. */
    @SuppressWarnings("unchecked")
    public T next(Duration timeout) {
        Object next;
        try {
            next = received.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for a message");
        }
        if (next == null) {
            throw new AssertionError("no message within " + timeout);
        }
        if (next instanceof Throwable failure) {
            throw new AssertionError("the stream failed", failure);
        }
        if (next == COMPLETED) {
            throw new AssertionError("the stream completed");
        }
        return (T) next;
    }
}
