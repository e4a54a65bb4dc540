/**
 * What a valid manual price (UpsertModelPrice) is and what it changes
 * ({@link dev.tally.catalog.domain.manual.ManualPriceRule}). Plain Java; the writing is in
 * {@code dev.tally.catalog.app.ManualPrices}.
 */
package dev.tally.catalog.domain.manual;
