package dev.tally.usage;

import dev.tally.usage.support.Doubles;
import io.quarkus.test.common.QuarkusTestResource;

/** Every test of this module talks to the gRPC doubles of catalog, wallet and invoice ({@link Doubles}). */
@QuarkusTestResource(Doubles.class)
public class DoublesTestResource {}
