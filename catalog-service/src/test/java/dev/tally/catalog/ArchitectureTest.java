package dev.tally.catalog;

import dev.tally.testing.arch.ServiceArchitectureTest;

/** The layering rule (CONTRIBUTING.md) holds for catalog-service's main code. */
class ArchitectureTest extends ServiceArchitectureTest {

    ArchitectureTest() {
        super("dev.tally.catalog", "dev.tally.catalog.v1");
    }
}
