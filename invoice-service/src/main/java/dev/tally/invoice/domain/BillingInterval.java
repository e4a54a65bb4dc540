package dev.tally.invoice.domain;

/** Length of a billing period, in calendar months. */
public enum BillingInterval {
    MONTH(1),
    QUARTER(3),
    YEAR(12);

    private final int months;

    BillingInterval(int months) {
        this.months = months;
    }

    public int months() {
        return months;
    }
}
