package dev.tally.system;

import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Waiting for something the system does by itself: poll an observable condition every 100 ms with
 * a deadline, never a fixed sleep. A poll that throws (a service restarting) counts as "not yet".
 */
final class Poll {

    private Poll() {
    }

    static void until(String what, Duration timeout, BooleanSupplier condition) {
        value(what, timeout, () -> condition.getAsBoolean(), Boolean::booleanValue);
    }

    /** Polls {@code read} until its value passes {@code done}; returns that value. */
    static <T> T value(String what, Duration timeout, Supplier<T> read, Predicate<T> done) {
        Instant deadline = Instant.now().plus(timeout);
        T last = null;
        RuntimeException lastError = null;
        while (true) {
            try {
                last = read.get();
                if (done.test(last)) {
                    return last;
                }
            } catch (RuntimeException e) {
                lastError = e;
            }
            if (Instant.now().isAfter(deadline)) {
                AssertionError failure = new AssertionError("timed out after " + timeout.toSeconds()
                        + " s waiting for: " + what + " (last value: " + last + ")");
                if (lastError != null) {
                    failure.addSuppressed(lastError);
                }
                throw failure;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for: " + what);
            }
        }
    }
}
