package dev.tally.catalog.client;

/**
 * A price source that cannot be used as a whole: unreachable, too slow, an error answer, or not
 * the expected JSON. The run fails with this message and the catalog stays as it was.
 */
public class SourceException extends RuntimeException {

    public SourceException(String message) {
        super(message, null, false, false);
    }
}
