/**
 * What a request costs: rate cards and their fallbacks ({@link dev.tally.pricing.TokenType}),
 * the long-context tier ({@link dev.tally.pricing.LongContextTierChoice}), exact quote
 * arithmetic ({@link dev.tally.pricing.QuoteCalculator}), and price versions in force
 * by time ({@link dev.tally.pricing.Model#versionAt},
 * {@link dev.tally.pricing.PriceTimeline}). Plain Java on the JDK alone (checked by
 * {@code DomainDependenciesTest}): issue 8 moves this package, with {@code lookup}, into the module
 * catalog-service and usage-service share, so both price to the digit with the same code.
 */
package dev.tally.pricing;
