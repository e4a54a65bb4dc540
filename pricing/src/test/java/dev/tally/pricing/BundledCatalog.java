package dev.tally.pricing;

import dev.tally.pricing.lookup.CatalogSnapshot;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The real catalog for tests that need real prices: every model of catalog-service's bundled
 * LiteLLM snapshot (and of its OpenRouter test file), each priced by one synced version in force
 * since {@link #SINCE}. Read from {@code src/test/resources/catalog/*.tsv} (see the NOTICE there),
 * which catalog-service's {@code PricingFixturesTest} keeps equal to what its parsers read from
 * the price files.
 */
public final class BundledCatalog {

    /** When the test catalog's prices take effect. */
    public static final Instant SINCE = Instant.parse("2026-01-01T00:00:00Z");

    private static CatalogSnapshot liteLlm;

    private BundledCatalog() {}

    /** The bundled LiteLLM snapshot as a catalog (revision 1). */
    public static synchronized CatalogSnapshot liteLlm() {
        if (liteLlm == null) {
            liteLlm = CatalogSnapshot.of(1, read("catalog/litellm-models.tsv"));
        }
        return liteLlm;
    }

    /** The models of the OpenRouter test file (ids with LiteLLM's {@code openrouter/} prefix). */
    public static List<Model> openRouterModels() {
        return read("catalog/openrouter-models.tsv");
    }

    private static List<Model> read(String resource) {
        try (InputStream in = BundledCatalog.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            List<Model> models = new ArrayList<>();
            BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (!line.startsWith("#")) {
                    models.add(model(line.split("\t", -1)));
                }
            }
            return models;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code id provider mode max_in max_out currency fee rates tiers}; "-" for none. */
    private static Model model(String[] f) {
        String id = f[0];
        List<LongContextTier> tiers = new ArrayList<>();
        if (!f[8].equals("-")) {
            for (String tier : f[8].split(" \\| ")) {
                int colon = tier.indexOf(':');
                tiers.add(new LongContextTier(
                        Long.parseLong(tier.substring(0, colon)), rates(tier.substring(colon + 1))));
            }
        }
        PriceSpec price = new PriceSpec(f[5], rates(f[7]), new BigDecimal(f[6]), tiers);
        PriceVersion version = new PriceVersion(
                UUID.nameUUIDFromBytes(id.getBytes(StandardCharsets.UTF_8)),
                id,
                SINCE,
                null,
                PriceSource.SYNC,
                price,
                UUID.nameUUIDFromBytes(new byte[0]),
                SINCE);
        ModelAttributes attributes =
                new ModelAttributes(f[1], f[2], List.of(), ModelOrigin.LITELLM, count(f[3]), count(f[4]));
        return new Model(id, attributes, true, SINCE, SINCE, 1, List.of(version));
    }

    /** {@code input=0.000003 output=0.000015 ...}. */
    private static RateSet rates(String text) {
        Map<RateField, BigDecimal> rates = new EnumMap<>(RateField.class);
        for (String rate : text.trim().split(" ")) {
            if (!rate.isEmpty()) {
                int eq = rate.indexOf('=');
                rates.put(
                        RateField.valueOf(rate.substring(0, eq).toUpperCase(Locale.ROOT)),
                        new BigDecimal(rate.substring(eq + 1)));
            }
        }
        return RateSet.of(rates);
    }

    private static Long count(String text) {
        return text.equals("-") ? null : Long.valueOf(text);
    }
}
