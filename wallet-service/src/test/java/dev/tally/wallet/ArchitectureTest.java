package dev.tally.wallet;

import dev.tally.testing.arch.ServiceArchitectureTest;

/** The layering rule (grpc → app → domain ← store), checked on wallet-service's classes. */
class ArchitectureTest extends ServiceArchitectureTest {

    ArchitectureTest() {
        super("dev.tally.wallet", "dev.tally.wallet.v1");
    }
}
