/**
 * What a request costs: rate cards and their fallbacks ({@link dev.tally.pricing.TokenType}),
 * the long-context tier ({@link dev.tally.pricing.LongContextTierChoice}), exact quote
 * arithmetic ({@link dev.tally.pricing.QuoteCalculator}), and price versions in force
 * by time ({@link dev.tally.pricing.Model#versionAt},
 * {@link dev.tally.pricing.PriceTimeline}). Plain Java on the JDK alone (the module has no
 * other dependency): catalog-service and usage-service price with this same code, so both agree
 * to the digit.
 */
package dev.tally.pricing;
