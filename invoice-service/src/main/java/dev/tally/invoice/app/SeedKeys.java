package dev.tally.invoice.app;

import dev.tally.support.auth.ApiKey;
import dev.tally.support.auth.Scopes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Keys given in full in configuration ({@code tally.auth.seed-keys}, env {@code TALLY_AUTH_SEED_KEYS}),
 * stored at startup if absent (only the hash), so that an operator or the launcher can provision the
 * bootstrap admin key and the services' keys before anything can call CreateApiKey.
 * <p>
 * Format: entries separated by {@code ,}, each {@code <display name>|<scope> <scope>...|<key>}, e.g.
 * {@code admin|keys:admin billing:admin|tally_sk_...,usage-service|catalog:read wallet:write|tally_sk_...}.
 * A malformed entry stops the service at startup, naming the entry by position and name, never by key.
 */
record SeedKeys(List<Seed> seeds) {

    record Seed(String displayName, List<String> scopes, ApiKey key) {}

    static SeedKeys parse(String text) {
        List<Seed> seeds = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return new SeedKeys(seeds);
        }
        String[] entries = text.split(",");
        for (int i = 0; i < entries.length; i++) {
            String entry = entries[i].trim();
            if (entry.isEmpty()) {
                continue;
            }
            String[] fields = entry.split("\\|", -1);
            String name = fields[0].trim();
            if (fields.length != 3 || name.isEmpty()) {
                throw new IllegalArgumentException("tally.auth.seed-keys entry " + (i + 1)
                        + ": expected <display name>|<scopes separated by spaces>|<key>");
            }
            List<String> scopes = Arrays.stream(fields[1].trim().split("\\s+"))
                    .filter(s -> !s.isEmpty())
                    .toList();
            if (scopes.isEmpty() || !scopes.stream().allMatch(Scopes::isKnown)) {
                throw new IllegalArgumentException("tally.auth.seed-keys entry " + (i + 1) + " (" + name
                        + "): scopes must be among " + Scopes.ALL);
            }
            String where = "tally.auth.seed-keys entry " + (i + 1) + " (" + name + ")";
            ApiKey key = ApiKey.parse(fields[2].trim())
                    .orElseThrow(() -> new IllegalArgumentException(where + ": the key is not a tally_sk_ key"));
            seeds.add(new Seed(name, scopes, key));
        }
        return new SeedKeys(seeds);
    }
}
