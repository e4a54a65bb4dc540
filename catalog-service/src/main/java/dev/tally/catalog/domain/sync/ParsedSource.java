package dev.tally.catalog.domain.sync;

import java.util.List;

/**
 * A price source read into models, with what could not be read.
 *
 * @param entries every entry of the source, imported or skipped
 */
public record ParsedSource(SourceFormat format, int entries, List<SourceModel> models, List<SkippedEntries> skipped) {

    public ParsedSource {
        models = List.copyOf(models);
        skipped = List.copyOf(skipped);
    }
}
