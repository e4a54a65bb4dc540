package dev.tally.pricing;

import java.util.List;
import java.util.Objects;

/** What a model is, apart from its prices. */
public record ModelAttributes(
        String provider,
        String mode,
        List<String> aliases,
        ModelOrigin origin,
        Long maxInputTokens,
        Long maxOutputTokens) {

    public ModelAttributes {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(mode, "mode");
        aliases = List.copyOf(aliases);
        Objects.requireNonNull(origin, "origin");
    }

    public ModelAttributes withAliases(List<String> newAliases) {
        return new ModelAttributes(provider, mode, newAliases, origin, maxInputTokens, maxOutputTokens);
    }
}
