package dev.tally.usage;

import dev.tally.testing.ServiceFoundationTest;
import io.quarkus.test.junit.QuarkusTest;

/** The checks every service passes; every UsageService RPC is implemented (the unimplemented case calls an unknown method). */
@QuarkusTest
class UsageFoundationTest extends ServiceFoundationTest {

    @Override
    protected String grpcServiceName() {
        return "tally.usage.v1.UsageService";
    }

    @Override
    protected String migratedTable() {
        return "usage_event";
    }
}
