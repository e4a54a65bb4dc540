package dev.tally.testing;

import java.time.Duration;

/**
 * How long a test waits for something the contract says happens eventually (a seed, a
 * notification, a reconnect, a drained outbox). A deadline only decides when a test that is going to
 * fail gives up: a passing test polls until the condition holds and goes on at once. So it is long:
 * CI runs on a busy 2-core machine, where a catalog seed after start or a replica's reconnect can take
 * tens of seconds, and a short deadline turns that into a red build that is not a defect.
 */
public final class Waits {

    /** The deadline of an eventual condition. */
    public static final Duration PATIENTLY = Duration.ofMinutes(3);

    private Waits() {}
}
