package dev.tally.usage;

import dev.tally.testing.arch.ServiceArchitectureTest;

/** usage-service follows the layering rule (CONTRIBUTING.md): grpc → app → domain ← store; client, job, health. */
class ArchitectureTest extends ServiceArchitectureTest {

    ArchitectureTest() {
        super("dev.tally.usage", "dev.tally.usage.v1");
    }
}
