package dev.tally.catalog.domain.sync;

import java.util.List;

/** Source entries skipped for one reason, with up to 5 example keys. */
public record SkippedEntries(SkipReason reason, int count, List<String> exampleKeys) {

    public SkippedEntries {
        exampleKeys = List.copyOf(exampleKeys);
    }
}
