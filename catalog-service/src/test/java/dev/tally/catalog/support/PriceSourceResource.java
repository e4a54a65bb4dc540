package dev.tally.catalog.support;

import io.quarkus.test.common.QuarkusTestResource;

/** Every test application of this module reads its price sources from {@link PriceSourceServer}. */
@QuarkusTestResource(PriceSourceServer.class)
public class PriceSourceResource {}
