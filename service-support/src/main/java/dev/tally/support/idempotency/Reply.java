package dev.tally.support.idempotency;

/**
 * The answer to an idempotent call: the response (marked duplicate when replayed), whether it was a
 * replay, and the resource the first call recorded (null when none).
 */
public record Reply<P>(P response, boolean duplicate, String resourceId) {}
