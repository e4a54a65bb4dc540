package dev.tally.catalog.job;

import dev.tally.catalog.app.StartupSeed;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** At startup: load the price table, listen for changes, seed an empty catalog ({@link StartupSeed}). */
@ApplicationScoped
public class SeedOnStartup {

    private final StartupSeed seed;

    public SeedOnStartup(StartupSeed seed) {
        this.seed = seed;
    }

    void onStart(@Observes StartupEvent event) {
        seed.start();
    }
}
