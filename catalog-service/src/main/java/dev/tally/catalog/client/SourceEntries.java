package dev.tally.catalog.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tally.catalog.domain.sync.ParsedSource;
import dev.tally.catalog.domain.sync.SkipReason;
import dev.tally.catalog.domain.sync.SkipTally;
import dev.tally.catalog.domain.sync.SourceFormat;
import dev.tally.catalog.domain.sync.SourceModel;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * What a source parser collects: the models it understood and, counted by reason, the entries
 * it skipped. One entry that cannot be read is skipped as MALFORMED, never fatal to the sync.
 */
final class SourceEntries {

    private final SkipTally skipped = new SkipTally();
    private final List<SourceModel> models = new ArrayList<>();

    void skip(SkipReason reason, String key) {
        skipped.add(reason, key);
    }

    /** Reads one entry; a {@code null} model means the entry has no token prices. */
    void read(String key, JsonNode entry, BiFunction<String, JsonNode, SourceModel> reader) {
        try {
            SourceModel model = reader.apply(key, entry);
            if (model == null) {
                skipped.add(SkipReason.NO_TOKEN_PRICING, key);
            } else {
                models.add(model);
            }
        } catch (SourceJson.BadEntry | IllegalArgumentException | ArithmeticException e) {
            skipped.add(SkipReason.MALFORMED, key);
        }
    }

    ParsedSource toSource(SourceFormat format, int entries) {
        return new ParsedSource(format, entries, models, skipped.toList());
    }
}
