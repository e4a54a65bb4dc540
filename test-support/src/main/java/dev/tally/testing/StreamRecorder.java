package dev.tally.testing;

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
        Object next = poll(timeout);
        if (next instanceof Throwable failure) {
            throw new AssertionError("the stream failed", failure);
        }
        if (next == COMPLETED) {
            throw new AssertionError("the stream completed");
        }
        return (T) next;
    }

    /** The error the stream ends with, failing when a message or nothing arrives within {@code timeout}. */
    public Throwable error(Duration timeout) {
        Object next = poll(timeout);
        if (next instanceof Throwable failure) {
            return failure;
        }
        throw new AssertionError("expected the stream to fail, got " + (next == COMPLETED ? "completion" : next));
    }

    private Object poll(Duration timeout) {
        try {
            Object next = received.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
            if (next == null) {
                throw new AssertionError("no message within " + timeout);
            }
            return next;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for a message");
        }
    }
}
