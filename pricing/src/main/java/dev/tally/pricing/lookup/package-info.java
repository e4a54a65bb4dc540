/**
 * Which model an id means: id forms ({@link dev.tally.pricing.lookup.ModelIds}), the
 * resolver ({@link dev.tally.pricing.lookup.ModelResolver}), the creator's listing for a
 * bare id ({@link dev.tally.pricing.lookup.FirstPartyListing}), suggestions, and the
 * immutable catalog every read is served from ({@link dev.tally.pricing.lookup.CatalogSnapshot}).
 * Plain Java on the JDK and {@code pricing} alone, shared by catalog-service and usage-service.
 */
package dev.tally.pricing.lookup;
