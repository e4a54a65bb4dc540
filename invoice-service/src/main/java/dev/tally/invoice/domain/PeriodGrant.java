package dev.tally.invoice.domain;

import dev.tally.shared.money.Money;

/**
 * What a plan grants in the wallet for each period, in force exactly for the period
 * (effective = period start, expire = period end):
 * <ul>
 * <li>CREDITS: {@code credits_per_period} credits (wallet source SUBSCRIPTION);</li>
 * <li>BALANCE: the base price, as the period's spending balance (source PERIOD_BALANCE);</li>
 * <li>METERED: nothing (usage is billed at period end, nothing is debited).</li>
 * </ul>
 * A zero amount grants nothing (a $0-base BALANCE plan: every charge is shortfall, invoiced).
 */
public record PeriodGrant(Money amount, Source source) {

    /** The wallet's grant source. */
    public enum Source {
        SUBSCRIPTION,
        PERIOD_BALANCE
    }

    /** The grant of one period of this plan, or null when the plan grants nothing. */
    public static PeriodGrant of(PlanTerms terms) {
        return switch (terms.model().model()) {
            case METERED -> null;
            case CREDITS -> {
                Money credits = new Money(((ModelTerms.Credits) terms.model()).creditsPerPeriod(), Money.CREDITS);
                yield credits.isPositive() ? new PeriodGrant(credits, Source.SUBSCRIPTION) : null;
            }
            case BALANCE ->
                terms.basePrice().isPositive() ? new PeriodGrant(terms.basePrice(), Source.PERIOD_BALANCE) : null;
        };
    }
}
