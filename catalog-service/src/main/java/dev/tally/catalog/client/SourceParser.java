package dev.tally.catalog.client;

import dev.tally.catalog.domain.sync.ParsedSource;

/** Reads one source format into models; SourceException when the document as a whole is unusable. */
interface SourceParser {

    ParsedSource parse(byte[] body);
}
