package dev.tally.catalog;

import dev.tally.testing.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;

/** Every test of this module runs against a fresh real PostgreSQL database. */
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "catalog"))
public class TestDatabaseResource {}
