package dev.tally.usage.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.shared.plan.ConsumptionModel;
import dev.tally.shared.plan.Period;
import dev.tally.testing.ManualClock;
import dev.tally.usage.domain.Entitlement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The entitlements cache's rules: an answer per customer and period, until cache_until_time, at
 * most max-age (stale-age while the change stream is down), dropped when a change is reported for
 * its customer or the stream (re)connects, and never kept when the change came while it was fetched.
 */
class EntitlementCacheTest {

    private static final Duration MAX_AGE = Duration.ofSeconds(60);
    private static final Duration STALE_AGE = Duration.ofSeconds(5);
    private static final Instant T = Instant.parse("2025-07-10T12:00:00Z");
    private static final Period JULY =
            new Period(Instant.parse("2025-07-01T00:00:00Z"), Instant.parse("2025-08-01T00:00:00Z"));
    private static final Period JUNE = new Period(Instant.parse("2025-06-01T00:00:00Z"), JULY.start());

    private final ManualClock clock = new ManualClock();
    private final EntitlementCache cache = new EntitlementCache(clock, MAX_AGE, STALE_AGE);

    EntitlementCacheTest() {
        clock.set(T);
        cache.watching(true);
    }

    private static Entitlement plan(String customer, Period period, Instant cacheUntil) {
        return new Entitlement(
                customer,
                "s1",
                "p1",
                1,
                ConsumptionModel.CREDITS,
                "USD",
                Map.of(),
                period,
                period.end().plus(Duration.ofDays(3)),
                false,
                null,
                cacheUntil);
    }

    @Test
    void anAnswerServesItsPeriodForAtMostMaxAge() {
        Entitlement july = plan("c1", JULY, null);
        cache.put(july, T, cache.ticket());
        assertThat(cache.get("c1", T, T)).isEqualTo(july);
        assertThat(cache.get("c1", JUNE.start(), T)).as("another period").isNull();
        assertThat(cache.get("c2", T, T)).as("another customer").isNull();
        assertThat(cache.get("c1", T, T.plus(MAX_AGE).minusMillis(1))).isEqualTo(july);
        assertThat(cache.get("c1", T, T.plus(MAX_AGE))).as("at max-age").isNull();
    }

    @Test
    void cacheUntilTimeEndsAnAnswerEarlier() {
        cache.put(plan("c1", JULY, T.plusSeconds(10)), T, cache.ticket());
        assertThat(cache.get("c1", T, T.plusSeconds(9))).isNotNull();
        assertThat(cache.get("c1", T, T.plusSeconds(10))).isNull();
    }

    @Test
    void answersOfTwoPeriodsAreKeptSideBySide() {
        Entitlement june = plan("c1", JUNE, null);
        Entitlement july = plan("c1", JULY, null);
        cache.put(june, T, cache.ticket());
        cache.put(july, T, cache.ticket());
        assertThat(cache.get("c1", JUNE.start(), T)).isEqualTo(june);
        assertThat(cache.get("c1", T, T)).isEqualTo(july);
    }

    @Test
    void whileTheChangeStreamIsDownAnswersLiveAtMostTheStaleAge() {
        cache.put(plan("c1", JULY, null), T, cache.ticket());
        cache.watching(false);
        assertThat(cache.get("c1", T, T.plus(STALE_AGE).minusMillis(1))).isNotNull();
        assertThat(cache.get("c1", T, T.plus(STALE_AGE))).isNull();
        cache.watching(true);
        assertThat(cache.get("c1", T, T.plus(STALE_AGE))).isNotNull();
    }

    @Test
    void aReportedChangeDropsTheCustomersAnswersOnly() {
        cache.put(plan("c1", JULY, null), T, cache.ticket());
        cache.put(plan("c2", JULY, null), T, cache.ticket());
        cache.invalidate("c1");
        assertThat(cache.get("c1", T, T)).isNull();
        assertThat(cache.get("c2", T, T)).isNotNull();
        cache.put(plan("c1", JULY, null), T, cache.ticket());
        assertThat(cache.get("c1", T, T)).as("fetched after the change").isNotNull();
    }

    @Test
    void anAnswerFetchedBeforeAReportedChangeIsNotKept() {
        long ticket = cache.ticket(); // the fetch starts
        cache.invalidate("c1"); // the change is reported while it runs
        cache.put(plan("c1", JULY, null), T, ticket);
        assertThat(cache.get("c1", T, T)).isNull();
        cache.put(plan("c2", JULY, null), T, ticket);
        assertThat(cache.get("c2", T, T))
                .as("another customer's answer of the same fetch")
                .isNotNull();
    }

    @Test
    void aReconnectionDropsEveryAnswerAndThoseBeingFetched() {
        long ticket = cache.ticket();
        cache.put(plan("c1", JULY, null), T, ticket);
        cache.invalidateAll();
        assertThat(cache.get("c1", T, T)).isNull();
        cache.put(plan("c2", JULY, null), T, ticket);
        assertThat(cache.get("c2", T, T)).isNull();
        cache.put(plan("c2", JULY, null), T, cache.ticket());
        assertThat(cache.get("c2", T, T)).isNotNull();
    }
}
