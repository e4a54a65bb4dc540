package dev.tally.catalog.support;

import dev.tally.catalog.client.SourceFormats;
import dev.tally.catalog.domain.sync.ParsedSource;
import dev.tally.catalog.domain.sync.SourceFormat;
import dev.tally.catalog.domain.sync.SourceModel;
import dev.tally.pricing.Model;
import dev.tally.pricing.ModelAttributes;
import dev.tally.pricing.ModelOrigin;
import dev.tally.pricing.PriceSource;
import dev.tally.pricing.PriceVersion;
import dev.tally.pricing.lookup.CatalogSnapshot;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The real price files, read as the service reads them, for tests that need real prices. */
public final class BundledPrices {

    /** When the test catalog's prices take effect. */
    public static final Instant SINCE = Instant.parse("2026-01-01T00:00:00Z");

    public static final String LITELLM_RESOURCE = "catalog/litellm_model_prices.json";
    public static final String OPENROUTER_RESOURCE = "prices/openrouter_models.json";

    private static ParsedSource liteLlm;
    private static CatalogSnapshot snapshot;

    private BundledPrices() {}

    public static byte[] bytes(String resource) {
        try (InputStream in = BundledPrices.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static synchronized ParsedSource liteLlm() {
        if (liteLlm == null) {
            liteLlm = SourceFormats.parse(SourceFormat.LITELLM, bytes(LITELLM_RESOURCE));
        }
        return liteLlm;
    }

    public static ParsedSource openRouter() {
        return SourceFormats.parse(SourceFormat.OPENROUTER, bytes(OPENROUTER_RESOURCE));
    }

    /** The bundled LiteLLM file as a catalog: every model with one version in force since {@link #SINCE}. */
    public static synchronized CatalogSnapshot snapshot() {
        if (snapshot == null) {
            snapshot = CatalogSnapshot.of(
                    1, liteLlm().models().stream().map(m -> model(m, SINCE)).toList());
        }
        return snapshot;
    }

    public static SourceModel source(String id) {
        return liteLlm().models().stream()
                .filter(m -> m.id().equals(id))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("not in the bundled file: " + id));
    }

    /** A catalog model for a source entry, priced by one synced version from {@code since}. */
    public static Model model(SourceModel source, Instant since) {
        PriceVersion version = new PriceVersion(
                UUID.nameUUIDFromBytes(source.id().getBytes()),
                source.id(),
                since,
                null,
                PriceSource.SYNC,
                source.price(),
                UUID.nameUUIDFromBytes(new byte[0]),
                since);
        ModelAttributes attributes = new ModelAttributes(
                source.provider(),
                source.mode(),
                List.of(),
                ModelOrigin.LITELLM,
                source.maxInputTokens(),
                source.maxOutputTokens());
        return new Model(source.id(), attributes, true, since, since, 1, List.of(version));
    }
}
