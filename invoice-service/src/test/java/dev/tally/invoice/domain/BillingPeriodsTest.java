package dev.tally.invoice.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tally.shared.plan.Period;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class BillingPeriodsTest {

    private static Instant at(String text) {
        return Instant.parse(text);
    }

    @Test
    void monthlyFromThe31stClampsToMonthEndsWithoutDrift() {
        Instant anchor = at("2026-01-31T10:00:00Z");
        // anchor + 1 month: February has no 31st -> the 28th; anchor + 2 months: back on the 31st
        assertThat(BillingPeriods.period(anchor, BillingInterval.MONTH, 0))
                .isEqualTo(new Period(at("2026-01-31T10:00:00Z"), at("2026-02-28T10:00:00Z")));
        assertThat(BillingPeriods.period(anchor, BillingInterval.MONTH, 1))
                .isEqualTo(new Period(at("2026-02-28T10:00:00Z"), at("2026-03-31T10:00:00Z")));
        assertThat(BillingPeriods.period(anchor, BillingInterval.MONTH, 2))
                .isEqualTo(new Period(at("2026-03-31T10:00:00Z"), at("2026-04-30T10:00:00Z")));
        assertThat(BillingPeriods.period(anchor, BillingInterval.MONTH, 12))
                .isEqualTo(new Period(at("2027-01-31T10:00:00Z"), at("2027-02-28T10:00:00Z")));
    }

    @Test
    void consecutivePeriodsTouch() {
        Instant anchor = at("2025-08-31T23:59:59.999999Z");
        for (BillingInterval interval : BillingInterval.values()) {
            for (int i = 0; i < 40; i++) {
                assertThat(BillingPeriods.period(anchor, interval, i).end())
                        .isEqualTo(
                                BillingPeriods.period(anchor, interval, i + 1).start());
            }
        }
    }

    @Test
    void quarterlyAndYearly() {
        // quarterly from 2025-11-30: 02-28 (clamped), then 05-30 and 08-30 (the anchor's day again)
        Instant quarterly = at("2025-11-30T00:00:00Z");
        assertThat(BillingPeriods.period(quarterly, BillingInterval.QUARTER, 0).end())
                .isEqualTo(at("2026-02-28T00:00:00Z"));
        assertThat(BillingPeriods.period(quarterly, BillingInterval.QUARTER, 1).end())
                .isEqualTo(at("2026-05-30T00:00:00Z"));
        assertThat(BillingPeriods.period(quarterly, BillingInterval.QUARTER, 2).end())
                .isEqualTo(at("2026-08-30T00:00:00Z"));
        // yearly from a leap day: the 28th in common years, the 29th again in 2028
        Instant leap = at("2024-02-29T12:00:00Z");
        assertThat(BillingPeriods.period(leap, BillingInterval.YEAR, 0).end()).isEqualTo(at("2025-02-28T12:00:00Z"));
        assertThat(BillingPeriods.period(leap, BillingInterval.YEAR, 3).end()).isEqualTo(at("2028-02-29T12:00:00Z"));
    }

    @Test
    void indexAtFindsThePeriodContainingAnInstant() {
        Instant anchor = at("2026-01-31T10:00:00Z");
        assertThat(BillingPeriods.indexAt(anchor, BillingInterval.MONTH, anchor))
                .isZero();
        assertThat(BillingPeriods.indexAt(anchor, BillingInterval.MONTH, at("2026-02-28T09:59:59Z")))
                .isZero();
        assertThat(BillingPeriods.indexAt(anchor, BillingInterval.MONTH, at("2026-02-28T10:00:00Z")))
                .isEqualTo(1);
        assertThat(BillingPeriods.indexAt(anchor, BillingInterval.MONTH, at("2026-03-31T09:00:00Z")))
                .isEqualTo(1);
        assertThat(BillingPeriods.indexAt(anchor, BillingInterval.QUARTER, at("2027-01-01T00:00:00Z")))
                .isEqualTo(3);
        for (int i = 0; i < 30; i++) {
            Period p = BillingPeriods.period(anchor, BillingInterval.MONTH, i);
            assertThat(BillingPeriods.indexAt(anchor, BillingInterval.MONTH, p.start()))
                    .isEqualTo(i);
            assertThat(BillingPeriods.indexAt(
                            anchor, BillingInterval.MONTH, p.end().minusNanos(1000)))
                    .isEqualTo(i);
        }
        assertThatThrownBy(() -> BillingPeriods.indexAt(anchor, BillingInterval.MONTH, anchor.minusSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
