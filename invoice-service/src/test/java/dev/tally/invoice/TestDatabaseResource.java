package dev.tally.invoice;

import dev.tally.invoice.fakes.FakeServices;
import dev.tally.testing.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;

/**
 * Every test of this module runs against a fresh real PostgreSQL database, with wallet-service and
 * usage-service test doubles (or, in the {@code *IT} run, the real wallet-service).
 */
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "invoice"))
@QuarkusTestResource(FakeServices.class)
public class TestDatabaseResource {}
