package dev.tally.wallet.domain;

import static dev.tally.wallet.domain.Books.LATE_LIMIT;
import static dev.tally.wallet.domain.Books.at;
import static dev.tally.wallet.domain.Books.dec;
import static dev.tally.wallet.domain.Books.t;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tally.support.error.TallyException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The rule of {@link ShortfallTimes}: outstanding shortfall reduces the available balance only when
 * a grant in force now would pay it; the rest is unbilled. Period N = July, N+1 = August; the worked
 * example of the class comment.
 */
class UnbilledShortfallTest {

    private static final Instant JULY = t("2025-07-01T00:00:00Z");
    private static final Instant AUGUST = t("2025-08-01T00:00:00Z");
    private static final Instant SEPTEMBER = t("2025-09-01T00:00:00Z");

    private final BalanceBook book = Books.credits();

    @Test
    void nsOverspendIsUnbilledOnceNPlusOnesGrantTookOverAndNeverReducesItsAvailable() {
        book.grant(GrantSource.PERIOD_BALANCE, dec("10"), JULY, AUGUST, 0, "sub/0", null, LATE_LIMIT, at(JULY));
        // July 31: 10 + 3.10 spent: N's grant used up, shortfall 3.10 in N's window (N in force: owed)
        book.debit(dec("13.10"), null, at("2025-07-31T12:00:00Z"));
        BalanceView july31 = book.view(t("2025-07-31T12:00:00Z"));
        assertThat(july31.unbilled().amount()).isEqualByComparingTo("0");
        assertThat(july31.available()).isEqualByComparingTo("-3.10"); // 0 - (3.10 - 0) - 0
        // N+1's grant of 20 created before the boundary: upcoming, N still in force
        book.grant(
                GrantSource.PERIOD_BALANCE,
                dec("20"),
                AUGUST,
                SEPTEMBER,
                0,
                "sub/1",
                null,
                LATE_LIMIT,
                at("2025-07-31T23:00:00Z"));
        assertThat(book.available(t("2025-07-31T23:00:00Z"))).isEqualByComparingTo("-3.10");

        // August 1 00:10 (N's grace window): N+1 in force, July 31 outside its window: unbilled 3.10
        Instant grace = t("2025-08-01T00:10:00Z");
        BalanceView inGrace = book.view(grace);
        assertThat(inGrace.unbilled().amount()).isEqualByComparingTo("3.10");
        assertThat(inGrace.unbilled().from()).isEqualTo(t("2025-07-31T12:00:00Z"));
        assertThat(inGrace.unbilled().until()).isEqualTo(t("2025-07-31T12:00:00.000001Z"));
        assertThat(inGrace.available()).isEqualByComparingTo("20"); // 20 - (3.10 - 3.10) - 0
        assertThat(book.available(grace)).isEqualByComparingTo("20");
        // a reserve of N+1's full 20 is allowed
        assertThat(book.reserve(dec("20"), null, at(grace)).balance().available())
                .isEqualByComparingTo("0");
        book.release(book.createdHolds().get(0).id(), at(grace));

        // August 5: 22 spent: N+1's 20 used up, 2 in N+1's window: owed; unbilled still 3.10
        book.debit(dec("22"), null, at("2025-08-05T00:00:00Z"));
        BalanceView august5 = book.view(t("2025-08-05T00:00:00Z"));
        assertThat(august5.shortfall()).isEqualByComparingTo("5.10");
        assertThat(august5.unbilled().amount()).isEqualByComparingTo("3.10");
        assertThat(august5.available()).isEqualByComparingTo("-2"); // 0 - (5.10 - 3.10)

        // N's invoice claims July's 3.10: nothing unbilled
        book.settle(JULY, AUGUST, at("2025-08-05T01:00:00Z"));
        BalanceView settled = book.view(t("2025-08-05T01:00:00Z"));
        assertThat(settled.unbilled().amount()).isEqualByComparingTo("0");
        assertThat(settled.unbilled().from()).isNull();
        assertThat(settled.available()).isEqualByComparingTo("-2");
    }

    @Test
    void withoutAnyGrantEveryShortfallIsUnbilledAndAvailableStaysZero() {
        // a $0-base pay-as-you-go customer: 1.25 on July 3, 0.75 on July 20
        assertThat(book.debit(dec("1.25"), null, at("2025-07-03T00:00:00Z")).balanceAfter())
                .isEqualByComparingTo("0");
        assertThat(book.debit(dec("0.75"), null, at("2025-07-20T00:00:00Z")).balanceAfter())
                .isEqualByComparingTo("0");
        BalanceView view = book.view(t("2025-07-21T00:00:00Z"));
        assertThat(view.shortfall()).isEqualByComparingTo("2.00");
        assertThat(view.unbilled().amount()).isEqualByComparingTo("2.00");
        assertThat(view.unbilled().from()).isEqualTo(t("2025-07-03T00:00:00Z"));
        assertThat(view.unbilled().until()).isEqualTo(t("2025-07-20T00:00:00.000001Z"));
        assertThat(view.available()).isEqualByComparingTo("0");
        // a threshold of 0 is not crossed by unbilled shortfall
        book.setThreshold(dec("0"), at("2025-07-21T00:00:00Z"));
        assertThat(book.crossings()).isEmpty();
        // nor does it block a reserve... there is nothing to reserve: 0 available
        assertThatThrownBy(() -> book.reserve(dec("0.01"), null, at("2025-07-21T00:00:00Z")))
                .isInstanceOf(TallyException.class);
    }

    @Test
    void aGrantThatNeverExpiresHasNoWindowItsShortfallIsUnbilled() {
        book.debit(dec("5"), null, at("2025-07-03T00:00:00Z"));
        assertThat(book.view(t("2025-07-03T00:00:00Z")).unbilled().amount()).isEqualByComparingTo("5");
        // a pack of 5 pays it at once (any shortfall); used up, an overspend after it waits for its invoice
        book.grant(GrantSource.PACK, dec("5"), null, null, 0, null, null, LATE_LIMIT, at("2025-07-04T00:00:00Z"));
        assertThat(book.view(t("2025-07-04T00:00:00Z")).shortfall()).isEqualByComparingTo("0");
        book.debit(dec("1"), null, at("2025-07-05T00:00:00Z"));
        BalanceView view = book.view(t("2025-07-05T00:00:00Z"));
        assertThat(view.unbilled().amount()).isEqualByComparingTo("1");
        assertThat(view.unbilled().from()).isEqualTo(t("2025-07-05T00:00:00Z"));
        assertThat(view.available()).isEqualByComparingTo("0");
        // the next pack pays it first
        book.grant(GrantSource.PACK, dec("5"), null, null, 0, null, null, LATE_LIMIT, at("2025-07-06T00:00:00Z"));
        BalanceView paid = book.view(t("2025-07-06T00:00:00Z"));
        assertThat(paid.unbilled().amount()).isEqualByComparingTo("0");
        assertThat(paid.available()).isEqualByComparingTo("4");
    }

    @Test
    void aUsedUpTopUpDoesNotMakeTheLastPeriodsOverspendReduceTheNewPeriod() {
        // July's grant of 10 with a top-up of 5 on 07-10; both used up and 3 more spent on 07-31
        book.grant(GrantSource.PERIOD_BALANCE, dec("10"), JULY, AUGUST, 0, "sub/0", null, LATE_LIMIT, at(JULY));
        book.grant(GrantSource.TOP_UP, dec("5"), null, null, 0, null, null, LATE_LIMIT, at("2025-07-10T00:00:00Z"));
        book.debit(dec("18"), null, at("2025-07-31T00:00:00Z"));
        assertThat(book.view(t("2025-07-31T00:00:00Z")).available()).isEqualByComparingTo("-3");
        // August's grant of 20: the 3 of 07-31 is July's (the used-up top-up has no window): unbilled
        book.grant(GrantSource.PERIOD_BALANCE, dec("20"), AUGUST, SEPTEMBER, 0, "sub/1", null, LATE_LIMIT, at(AUGUST));
        BalanceView august = book.view(AUGUST);
        assertThat(august.unbilled().amount()).isEqualByComparingTo("3");
        assertThat(august.available()).isEqualByComparingTo("20");
    }

    @Test
    void theCachedViewChangesAtAUsedUpGrantsBoundary() {
        // N's grant used up with 3 of shortfall; N+1 has no grant: N's end is where the 3 becomes unbilled
        book.grant(GrantSource.SUBSCRIPTION, dec("10"), JULY, AUGUST, 0, "sub/0", null, LATE_LIMIT, at(JULY));
        book.debit(dec("13"), null, at("2025-07-20T00:00:00Z"));
        BalanceView july = book.view(t("2025-07-20T00:00:00Z"));
        assertThat(july.grants()).as("the used-up grant is not open").isEmpty();
        assertThat(july.available()).isEqualByComparingTo("-3");
        assertThat(july.nextBoundary()).isEqualTo(AUGUST);
        BalanceView august = book.view(AUGUST);
        assertThat(august.available()).isEqualByComparingTo("0");
        assertThat(august.unbilled().amount()).isEqualByComparingTo("3");
    }

    @Test
    void bucketsAddUpToTheShortfallAndAreRebuiltWhenAGrantSplitsThem() {
        book.debit(dec("1"), null, at("2025-07-10T00:00:00Z"));
        book.debit(dec("2"), null, at("2025-07-20T00:00:00Z"));
        // no window: one bucket
        assertThat(book.view(t("2025-07-20T00:00:00Z")).shortfallTimes().buckets())
                .hasSize(1);
        // a late grant for [July 15, August 1) pays the 2 of July 20, never the 1 of July 10
        GrantResult late = book.grant(
                GrantSource.SUBSCRIPTION,
                dec("1.5"),
                t("2025-07-15T00:00:00Z"),
                AUGUST,
                0,
                "sub/0",
                null,
                LATE_LIMIT,
                at("2025-07-25T00:00:00Z"));
        assertThat(late.shortfallSettled()).isEqualByComparingTo("1.5");
        ShortfallTimes times = late.balance().shortfallTimes();
        // outstanding 1 (July 10) + 0.5 (July 20), now in two buckets split at July 15
        assertThat(times.buckets()).hasSize(2);
        assertThat(times.total())
                .isEqualByComparingTo(late.balance().shortfall())
                .isEqualByComparingTo("1.5");
        // on July 25 the grant is in force (used up): July 20's 0.5 is owed, July 10's 1 unbilled
        assertThat(late.balance().unbilled().amount()).isEqualByComparingTo("1");
        assertThat(late.balance().available()).isEqualByComparingTo("-0.5");
    }
}
