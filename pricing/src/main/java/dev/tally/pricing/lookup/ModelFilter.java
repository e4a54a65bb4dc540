package dev.tally.pricing.lookup;

import dev.tally.pricing.Model;

/** Which models a listing or a watcher wants; empty provider/mode means any. */
public record ModelFilter(String provider, String mode, boolean includeInactive) {

    public boolean matches(Model model) {
        return (includeInactive || model.active())
                && (provider.isEmpty() || provider.equalsIgnoreCase(model.provider()))
                && (mode.isEmpty() || mode.equalsIgnoreCase(model.mode()));
    }
}
