package dev.tally.usage.ingest;

/** Rethrowing a recorded failure as it was. */
final class TallyExceptions {

    private TallyExceptions() {
    }

    static RuntimeException propagate(Throwable failure) {
        return failure instanceof RuntimeException runtime ? runtime : new IllegalStateException(failure);
    }
}
