package dev.tally.invoice.domain;

import java.time.Instant;
import java.util.List;

/**
 * A validated CreateApiKey.
 *
 * @param scopes     known scopes, sorted, each once
 * @param expireTime null: never expires
 */
public record NewApiKey(String displayName, List<String> scopes, Instant expireTime) {

    public NewApiKey {
        scopes = List.copyOf(scopes);
    }
}
