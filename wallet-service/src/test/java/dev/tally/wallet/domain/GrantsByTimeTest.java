package dev.tally.wallet.domain;

import static dev.tally.wallet.domain.Books.LATE_LIMIT;
import static dev.tally.wallet.domain.Books.at;
import static dev.tally.wallet.domain.Books.dec;
import static dev.tally.wallet.domain.Books.t;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tally.support.error.TallyException;
import io.grpc.Status;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Grants, debits and shortfall by time, as worked examples over two monthly periods: July
 * [07-01, 08-01) and August [08-01, 09-01). Every subscription grant is in force for exactly its
 * period; August's is created before the boundary, July's remainder is removed only later.
 */
class GrantsByTimeTest {

    private static final Instant JULY = t("2025-07-01T00:00:00Z");
    private static final Instant AUGUST = t("2025-08-01T00:00:00Z");
    private static final Instant SEPTEMBER = t("2025-09-01T00:00:00Z");

    private final BalanceBook book = Books.credits();

    @Test
    void aLateEventOfJulyUsesJulysGrantAndAnAugustEventNeverUsesJulysLeftovers() {
        Grant july = book.grant(
                        GrantSource.SUBSCRIPTION,
                        dec("1000"),
                        JULY,
                        AUGUST,
                        0,
                        "sub/07",
                        null,
                        LATE_LIMIT,
                        at("2025-07-01T00:00:00Z"))
                .grant();
        Grant august = book.grant(
                        GrantSource.SUBSCRIPTION,
                        dec("1000"),
                        AUGUST,
                        SEPTEMBER,
                        0,
                        "sub/08",
                        null,
                        LATE_LIMIT,
                        at("2025-07-31T23:30:00Z"))
                .grant();
        // on July 31 23:30, August's grant is upcoming: granted 1000 (July), upcoming 1000
        BalanceView beforeBoundary = book.view(t("2025-07-31T23:30:00Z"));
        assertThat(beforeBoundary.granted()).isEqualByComparingTo("1000");
        assertThat(beforeBoundary.upcoming()).isEqualByComparingTo("1000");
        assertThat(beforeBoundary.available()).isEqualByComparingTo("1000");

        // 10 minutes into August (the grace window) a July event arrives: it uses July's grant
        Operation graceWindow = at("2025-08-01T00:10:00Z");
        DebitResult late = book.debit(dec("100"), t("2025-07-31T23:59:00Z"), graceWindow);
        // July: 1000 - 100 = 900 left; August untouched
        assertThat(late.consumptions()).singleElement().satisfies(c -> {
            assertThat(c.grantId()).isEqualTo(july.id());
            assertThat(c.remainingAfter()).isEqualByComparingTo("900");
        });
        // now (August): granted = August 1000, lapsed = July's 900 (not removed yet), available 1000
        assertThat(late.balanceAfter()).isEqualByComparingTo("1000");
        BalanceView inAugust = book.view(graceWindow.at());
        assertThat(inAugust.granted()).isEqualByComparingTo("1000");
        assertThat(inAugust.lapsed()).isEqualByComparingTo("900");
        assertThat(inAugust.upcoming()).isEqualByComparingTo("0");

        // an August event of 1200 uses August's 1000 only: 200 is shortfall, July's 900 stays
        DebitResult augustEvent = book.debit(dec("1200"), t("2025-08-01T00:05:00Z"), graceWindow);
        assertThat(augustEvent.consumptions())
                .extracting(DebitResult.Consumption::grantId)
                .containsExactly(august.id());
        assertThat(augustEvent.covered()).isEqualByComparingTo("1000");
        assertThat(augustEvent.shortfall()).isEqualByComparingTo("200");
        assertThat(book.createdShortfalls())
                .singleElement()
                .satisfies(s -> assertThat(s.occurredTime()).isEqualTo(t("2025-08-01T00:05:00Z")));
        // available = 0 in force - 200 shortfall = -200
        assertThat(augustEvent.balanceAfter()).isEqualByComparingTo("-200");
    }

    @Test
    void augustsGrantNeverPaysJulysShortfallButAPackDoes() {
        book.grant(
                GrantSource.SUBSCRIPTION,
                dec("100"),
                JULY,
                AUGUST,
                0,
                "sub/07",
                null,
                LATE_LIMIT,
                at("2025-07-01T00:00:00Z"));
        book.debit(dec("150"), t("2025-07-31T20:00:00Z"), at("2025-07-31T20:00:00Z"));
        // July: 100 covered, 50 shortfall at July 31 20:00

        GrantResult august = book.grant(
                GrantSource.SUBSCRIPTION,
                dec("100"),
                AUGUST,
                SEPTEMBER,
                0,
                "sub/08",
                null,
                LATE_LIMIT,
                at("2025-07-31T23:30:00Z"));
        // August's window [08-01, 09-01) does not contain July 31 20:00: it pays nothing
        assertThat(august.shortfallSettled()).isEqualByComparingTo("0");
        assertThat(august.grant().remainingAmount()).isEqualByComparingTo("100");

        GrantResult pack = book.grant(
                GrantSource.PACK, dec("30"), null, null, 0, null, null, LATE_LIMIT, at("2025-08-02T00:00:00Z"));
        // a pack never expires: it pays any outstanding shortfall, min(50, 30) = 30; 20 stays owed
        assertThat(pack.shortfallSettled()).isEqualByComparingTo("30");
        assertThat(pack.grant().remainingAmount()).isEqualByComparingTo("0");
        assertThat(pack.balance().shortfall()).isEqualByComparingTo("20");
    }

    @Test
    void aPeriodGrantCreatedAfterThePeriodStartedPaysTheShortfallOfItsWindowSinceTheStart() {
        // no August grant yet at 00:05: everything is shortfall at 00:05
        book.debit(dec("30"), null, at("2025-08-01T00:05:00Z"));
        GrantResult august = book.grant(
                GrantSource.SUBSCRIPTION,
                dec("1000"),
                AUGUST,
                SEPTEMBER,
                0,
                "sub/08",
                null,
                LATE_LIMIT,
                at("2025-08-01T00:20:00Z"));
        // 00:05 lies in [08-01, 09-01): pays 30, keeps 1000 - 30 = 970, nothing owed
        assertThat(august.shortfallSettled()).isEqualByComparingTo("30");
        assertThat(august.grant().remainingAmount()).isEqualByComparingTo("970");
        assertThat(august.balance().available()).isEqualByComparingTo("970");
    }

    @Test
    void settlingJulyClaimsExactlyJulysOutstandingShortfallAndNoGrantPaysItLater() {
        book.debit(dec("40"), t("2025-07-20T00:00:00Z"), at("2025-07-20T00:00:00Z"));
        book.debit(dec("25"), t("2025-08-02T00:00:00Z"), at("2025-08-02T00:00:00Z"));
        // a late July event, recorded in August's grace window
        book.debit(dec("10"), t("2025-07-31T23:59:00Z"), at("2025-08-02T00:00:01Z"));
        // outstanding: 40 (07-20), 10 (07-31), 25 (08-02) = 75

        SettlementResult july = book.settle(JULY, AUGUST, at("2025-08-03T00:00:00Z"));
        // July [07-01, 08-01): 40 + 10 = 50 in 2 debits; August's 25 stays outstanding
        assertThat(july.settled()).isEqualByComparingTo("50");
        assertThat(july.debitCount()).isEqualTo(2);
        assertThat(july.balance().shortfall()).isEqualByComparingTo("25");
        // claimed shortfall leaves the balance; August's 25 is unbilled (no grant in force would pay
        // it): available 0 - (25 - 25) = 0
        assertThat(july.balance().unbilled().amount()).isEqualByComparingTo("25");
        assertThat(july.balance().available()).isEqualByComparingTo("0");

        GrantResult pack = book.grant(
                GrantSource.PACK, dec("100"), null, null, 0, null, null, LATE_LIMIT, at("2025-08-04T00:00:00Z"));
        // the pack pays only what is still outstanding (25), never the claimed 50: keeps 75
        assertThat(pack.shortfallSettled()).isEqualByComparingTo("25");
        assertThat(pack.grant().remainingAmount()).isEqualByComparingTo("75");

        SettlementResult again = book.settle(JULY, AUGUST, at("2025-08-05T00:00:00Z"));
        assertThat(again.settled())
                .as("nothing of July is outstanding any more")
                .isEqualByComparingTo("0");
        assertThat(again.debitCount()).isZero();
    }

    @Test
    void aPeriodIsSettledOnlyOnceItEnded() {
        assertThatThrownBy(() -> book.settle(JULY, AUGUST, at("2025-07-31T00:00:00Z")))
                .isInstanceOfSatisfying(TallyException.class, e -> {
                    assertThat(e.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.violations())
                            .extracting(TallyException.FieldViolation::field)
                            .containsExactly("time_range.end_time");
                });
    }

    @Test
    void aDebitMayOccurAtMostFiveMinutesAheadOfTheWalletsClock() {
        Operation now = at("2025-07-10T12:00:00Z");
        DebitResult fiveMinutes = book.debit(dec("1"), t("2025-07-10T12:05:00Z"), now);
        assertThat(fiveMinutes.occurredTime()).isEqualTo(t("2025-07-10T12:05:00Z"));
        assertThatThrownBy(() -> book.debit(dec("1"), t("2025-07-10T12:05:00.000001Z"), now))
                .isInstanceOfSatisfying(
                        TallyException.class,
                        e -> assertThat(e.violations())
                                .extracting(TallyException.FieldViolation::field)
                                .containsExactly("occurred_time"));
        // a debit of last year is welcome (no lower bound): no grant was in force, all shortfall
        assertThat(book.debit(dec("2"), t("2024-07-10T12:00:00Z"), now).shortfall())
                .isEqualByComparingTo("2");
    }

    @Test
    void aGrantWindowMustEndAfterItStartsAndAtMostTheLateLimitAgo() {
        Operation now = at("2025-07-10T12:00:00Z");
        assertThatThrownBy(
                        () -> book.grant(GrantSource.PROMO, dec("1"), AUGUST, AUGUST, 0, null, null, LATE_LIMIT, now))
                .isInstanceOfSatisfying(
                        TallyException.class,
                        e -> assertThat(e.getMessage()).isEqualTo("expire_time: must be after effective_time"));
        // July 10 12:00 - 7 days = July 3 12:00: an expiry a microsecond earlier is too late
        assertThatThrownBy(() -> book.grant(
                        GrantSource.PROMO,
                        dec("1"),
                        JULY,
                        t("2025-07-03T11:59:59.999999Z"),
                        0,
                        null,
                        null,
                        LATE_LIMIT,
                        now))
                .isInstanceOfSatisfying(
                        TallyException.class,
                        e -> assertThat(e.getMessage())
                                .isEqualTo("expire_time: must be at most 7 days in the past (the late-grant limit)"));
        assertThat(book.entries()).as("nothing changed").isEmpty();
        // exactly at the limit: accepted
        assertThat(book.grant(
                                GrantSource.PROMO,
                                dec("1"),
                                JULY,
                                t("2025-07-03T12:00:00Z"),
                                0,
                                null,
                                null,
                                LATE_LIMIT,
                                now)
                        .grant()
                        .expireTime())
                .isEqualTo(t("2025-07-03T12:00:00Z"));
    }

    @Test
    void aLateGrantPaysItsWindowsShortfallAndLateDebitsButIsNeverAvailable() {
        // July's grant was never made (its maker was down across the period end): July's usage is all shortfall
        book.debit(dec("30"), t("2025-07-20T00:00:00Z"), at("2025-07-20T00:00:00Z"));
        book.debit(dec("4"), t("2025-08-01T00:10:00Z"), at("2025-08-01T00:10:00Z")); // August's
        // August 2 10:00: July's grant of 1000 is made; it pays July's 30 (1000 - 30 = 970), never August's 4
        GrantResult july = book.grant(
                GrantSource.SUBSCRIPTION,
                dec("1000"),
                JULY,
                AUGUST,
                0,
                "sub/07",
                null,
                LATE_LIMIT,
                at("2025-08-02T10:00:00Z"));
        assertThat(july.shortfallSettled()).isEqualByComparingTo("30");
        assertThat(july.grant().remainingAmount()).isEqualByComparingTo("970");
        // lapsed from its creation: granted 0, lapsed 970, shortfall 4 (August's, unbilled: no grant
        // in force), available 0 - (4 - 4) = 0
        BalanceView view = july.balance();
        assertThat(view.granted()).isEqualByComparingTo("0");
        assertThat(view.lapsed()).isEqualByComparingTo("970");
        assertThat(view.shortfall()).isEqualByComparingTo("4");
        assertThat(view.unbilled().amount()).isEqualByComparingTo("4");
        assertThat(view.available()).isEqualByComparingTo("0");
        // a late July debit of 5 arriving now consumes it (970 - 5 = 965); an August debit does not
        DebitResult lateJuly = book.debit(dec("5"), t("2025-07-31T23:59:00Z"), at("2025-08-02T10:01:00Z"));
        assertThat(lateJuly.shortfall()).isEqualByComparingTo("0");
        assertThat(book.view(t("2025-08-02T10:01:00Z")).lapsed()).isEqualByComparingTo("965");
        assertThat(book.debit(dec("1"), null, at("2025-08-02T10:02:00Z")).shortfall())
                .isEqualByComparingTo("1");
    }
}
