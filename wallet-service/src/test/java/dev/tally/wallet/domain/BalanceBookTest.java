package dev.tally.wallet.domain;

import static dev.tally.wallet.domain.Books.LATE_LIMIT;
import static dev.tally.wallet.domain.Books.at;
import static dev.tally.wallet.domain.Books.dec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import dev.tally.support.error.TallyException;
import io.grpc.Status;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The balance rules as worked examples; every figure is worked out in the comments. */
class BalanceBookTest {

    private static final Instant NOW = Instant.parse("2025-07-10T12:00:00Z");
    private static final Instant PERIOD_END = Instant.parse("2025-08-01T00:00:00Z");
    private static final Instant PROMO_END = Instant.parse("2025-07-20T00:00:00Z");

    private final BalanceBook book = Books.credits();

    @Test
    void theWorkedGrantOrderExample() {
        Grant subscription = book.grant(
                        GrantSource.SUBSCRIPTION,
                        dec("1000"),
                        null,
                        PERIOD_END,
                        0,
                        "sub/2025-07",
                        null,
                        LATE_LIMIT,
                        op())
                .grant();
        Grant pack = book.grant(GrantSource.PACK, dec("500"), null, null, 0, null, null, LATE_LIMIT, op())
                .grant();
        Grant promo = book.grant(GrantSource.PROMO, dec("100"), null, PROMO_END, 0, null, null, LATE_LIMIT, op())
                .grant();
        // available = 1000 + 500 + 100 = 1600
        assertThat(book.available(NOW)).isEqualByComparingTo("1600");

        DebitResult first = book.debit(dec("1200"), null, op());
        // order: promo (expires 07-20), subscription (expires 08-01), pack (never expires)
        // promo: takes min(100, 1200) = 100 -> 1100 to cover; subscription: min(1000, 1100) = 1000
        // -> 100 to cover; pack: min(500, 100) = 100 -> 0 to cover, pack keeps 500 - 100 = 400
        assertThat(first.consumptions())
                .extracting(
                        c -> c.grantId(),
                        c -> c.amount().toPlainString(),
                        c -> c.remainingAfter().toPlainString())
                .containsExactly(
                        tuple(promo.id(), "100", "0"),
                        tuple(subscription.id(), "1000", "0"),
                        tuple(pack.id(), "100", "400"));
        assertThat(first.covered()).isEqualByComparingTo("1200");
        assertThat(first.shortfall()).isEqualByComparingTo("0");
        assertThat(first.occurredTime()).as("no occurred time: now").isEqualTo(NOW);
        // 1600 - 1200 = 400
        assertThat(first.balanceAfter()).isEqualByComparingTo("400");

        DebitResult second = book.debit(dec("450"), null, op());
        // pack: min(400, 450) = 400 -> 50 uncovered: shortfall 50, available 400 - 450 = -50
        assertThat(second.consumptions()).singleElement().satisfies(c -> {
            assertThat(c.grantId()).isEqualTo(pack.id());
            assertThat(c.amount()).isEqualByComparingTo("400");
            assertThat(c.remainingAfter()).isEqualByComparingTo("0");
        });
        assertThat(second.covered()).isEqualByComparingTo("400");
        assertThat(second.shortfall()).isEqualByComparingTo("50");
        assertThat(second.balanceAfter()).isEqualByComparingTo("-50");
        assertThat(book.createdShortfalls()).singleElement().satisfies(s -> {
            assertThat(s.debitId()).isEqualTo(second.debitId());
            assertThat(s.occurredTime()).isEqualTo(NOW);
            assertThat(s.outstanding()).isEqualByComparingTo("50");
        });

        GrantResult newPack = book.grant(GrantSource.PACK, dec("500"), null, null, 0, null, null, LATE_LIMIT, op());
        // a pack never expires, so it pays any outstanding shortfall: min(50, 500) = 50: the pack
        // keeps 500 - 50 = 450, shortfall 50 - 50 = 0, available 450 - 0 = 450
        assertThat(newPack.shortfallSettled()).isEqualByComparingTo("50");
        assertThat(newPack.grant().remainingAmount()).isEqualByComparingTo("450");
        assertThat(newPack.balance().available()).isEqualByComparingTo("450");
        assertThat(newPack.balance().shortfall()).isEqualByComparingTo("0");
        assertThat(newPack.balance().grants())
                .extracting(Grant::id)
                .containsExactly(newPack.grant().id());
        assertThat(book.createdShortfalls())
                .singleElement()
                .satisfies(s -> assertThat(s.outstanding()).isZero());
    }

    @Test
    void eachChangeAppendsEntriesWithTheLedgerBalanceAfterThemAndOneNewVersion() {
        book.grant(GrantSource.PACK, dec("10"), null, null, 0, null, null, LATE_LIMIT, op()); // version 3 -> 4
        DebitResult debit = book.debit(dec("12.5"), null, op()); // version 4 -> 5
        book.grant(GrantSource.TOP_UP, dec("1"), null, null, 0, null, null, LATE_LIMIT, op()); // version 5 -> 6
        assertThat(book.entries())
                .extracting(
                        e -> e.type(),
                        e -> e.amount().toPlainString(),
                        e -> e.balanceAfter().toPlainString(),
                        e -> e.shortfallAfter().toPlainString(),
                        e -> e.version())
                .containsExactly(
                        // +10: granted 10, balance 10
                        tuple(EntryType.GRANT, "10", "10", "0", 4L),
                        // pack 10 consumed: granted 0, balance 0
                        tuple(EntryType.DEBIT, "10", "0", "0", 5L),
                        // 12.5 - 10 = 2.5 uncovered: shortfall 2.5, balance -2.5
                        tuple(EntryType.SHORTFALL, "2.5", "-2.5", "2.5", 5L),
                        // +1: granted 1, balance 1 - 2.5 = -1.5
                        tuple(EntryType.GRANT, "1", "-1.5", "2.5", 6L),
                        // pays min(2.5, 1) = 1: granted 0, shortfall 1.5, balance still -1.5
                        tuple(EntryType.SETTLEMENT, "1", "-1.5", "1.5", 6L));
        assertThat(book.entries().get(4).debitId())
                .as("the settlement names the debit it paid")
                .isEqualTo(debit.debitId());
    }

    @Test
    void keepsEveryDigitOfTinyAmounts() {
        book.grant(GrantSource.TOP_UP, dec("0.001"), null, null, 0, null, null, LATE_LIMIT, op());
        DebitResult debit = book.debit(dec("0.0004485"), null, op());
        // 0.001 - 0.0004485 = 0.0005515
        assertThat(debit.balanceAfter()).isEqualByComparingTo("0.0005515");
        assertThat(debit.balanceAfter().scale()).isEqualTo(7);
    }

    @Test
    void lowerPriorityValuesAreConsumedFirstWhateverTheirExpiry() {
        Grant later = book.grant(GrantSource.PROMO, dec("5"), null, PERIOD_END, 0, null, null, LATE_LIMIT, op())
                .grant();
        Grant first = book.grant(GrantSource.PACK, dec("5"), null, null, -1, null, null, LATE_LIMIT, op())
                .grant();
        DebitResult debit = book.debit(dec("7"), null, op());
        // priority -1 before 0: pack 5 (7 - 5 = 2 left), then promo 2
        assertThat(debit.consumptions())
                .extracting(DebitResult.Consumption::grantId)
                .containsExactly(first.id(), later.id());
    }

    @Test
    void aDebitInAUnitNeverHeldOpensItAndOwesEverything() {
        BalanceBook usd = BalanceBook.empty("c1", "USD");
        DebitResult debit = usd.debit(dec("1.25"), null, op());
        // no grant at all: covered 0, shortfall 1.25, all of it unbilled (no grant in force would pay
        // it): available 0 - (1.25 - 1.25) = 0
        assertThat(debit.covered()).isEqualByComparingTo("0");
        assertThat(debit.shortfall()).isEqualByComparingTo("1.25");
        assertThat(debit.balanceAfter()).isEqualByComparingTo("0");
        assertThat(usd.view(debit.occurredTime()).unbilled().amount()).isEqualByComparingTo("1.25");
        assertThat(usd.isNew()).isTrue();
        assertThat(usd.isChanged()).isTrue();
        assertThat(usd.entries()).extracting(LedgerEntry::type).containsExactly(EntryType.SHORTFALL);
    }

    @Test
    void expiryRemovesExactlyTheRemainderOfGrantsDueByAsOf() {
        Grant subscription = book.grant(
                        GrantSource.SUBSCRIPTION, dec("1000"), null, PERIOD_END, 0, "p1", null, LATE_LIMIT, op())
                .grant();
        book.grant(
                GrantSource.PROMO,
                dec("100"),
                null,
                PERIOD_END.plus(Duration.ofDays(30)),
                0,
                null,
                null,
                LATE_LIMIT,
                op());
        book.grant(GrantSource.PACK, dec("500"), null, null, 0, null, null, LATE_LIMIT, op());
        book.debit(dec("300"), null, op());
        // subscription expires first: 1000 - 300 = 700 left; available 1600 - 300 = 1300
        ExpiryResult expiry = book.expire(PERIOD_END, null, null, at(PERIOD_END.plusSeconds(1)));
        // only the subscription is due by the period end: 700 expires, available 1300 - 700 = 600
        assertThat(expiry.expired()).singleElement().satisfies(e -> {
            assertThat(e.grant().id()).isEqualTo(subscription.id());
            assertThat(e.amount()).isEqualByComparingTo("700");
            assertThat(e.grant().remainingAmount()).isEqualByComparingTo("0");
            assertThat(e.grant().closeTime()).isEqualTo(PERIOD_END.plusSeconds(1));
        });
        assertThat(expiry.totalExpired()).isEqualByComparingTo("700");
        assertThat(expiry.balance().available()).isEqualByComparingTo("600");
    }

    @Test
    void grantsAreNotExpiredBeforeTheirTime() {
        assertThatThrownBy(() -> book.expire(NOW.plusSeconds(1), null, null, op()))
                .isInstanceOfSatisfying(
                        TallyException.class, e -> assertThat(e.code()).isEqualTo(Status.Code.INVALID_ARGUMENT));
    }

    @Test
    void crossingBelowTheThresholdIsRecordedOnce() {
        book.grant(GrantSource.PACK, dec("100"), null, null, 0, null, null, LATE_LIMIT, op());
        book.setThreshold(dec("20"), op());
        book.debit(dec("70"), null, op()); // 100 - 70 = 30: still >= 20
        book.debit(dec("15"), null, op()); // 30 - 15 = 15 < 20: crosses
        book.debit(dec("5"), null, op()); // 15 - 5 = 10: already below, no new crossing
        assertThat(book.crossings()).singleElement().satisfies(c -> {
            assertThat(c.available()).isEqualByComparingTo("15");
            assertThat(c.threshold()).isEqualByComparingTo("20");
        });
    }

    @Test
    void aThresholdAboveTheBalanceIsACrossingAtOnce() {
        book.grant(GrantSource.PACK, dec("10"), null, null, 0, null, null, LATE_LIMIT, op());
        BalanceView view = book.setThreshold(dec("25"), op());
        assertThat(view.belowThreshold()).isTrue();
        assertThat(book.crossings()).hasSize(1);
    }

    private static Operation op() {
        return at(NOW);
    }
}
