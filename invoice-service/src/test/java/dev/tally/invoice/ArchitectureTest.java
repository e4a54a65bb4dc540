package dev.tally.invoice;

import dev.tally.testing.arch.ServiceArchitectureTest;

/** invoice-service follows the layering rule: it serves the invoice contract and the API key registry's. */
class ArchitectureTest extends ServiceArchitectureTest {

    ArchitectureTest() {
        super("dev.tally.invoice", "dev.tally.invoice.v1", "dev.tally.auth.v1");
    }
}
