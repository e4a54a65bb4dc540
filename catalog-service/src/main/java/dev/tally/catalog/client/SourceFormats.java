package dev.tally.catalog.client;

import dev.tally.catalog.domain.sync.ParsedSource;
import dev.tally.catalog.domain.sync.SourceFormat;

/** Picks the parser of a source format. */
public final class SourceFormats {

    private static final SourceParser LITELLM = new LiteLlmFormat();
    private static final SourceParser OPENROUTER = new OpenRouterFormat();

    private SourceFormats() {}

    /** Parses a whole source document; SourceException when it is unusable as a whole. */
    public static ParsedSource parse(SourceFormat format, byte[] body) {
        return (format == SourceFormat.LITELLM ? LITELLM : OPENROUTER).parse(body);
    }
}
