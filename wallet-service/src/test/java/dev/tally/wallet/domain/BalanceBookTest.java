package dev.tally.wallet.domain;

import dev.tally.support.error.TallyException;
import io.grpc.Status;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

/** The balance rules as worked examples; every figure is worked out in the comments. */
class BalanceBookTest {

    private static final Instant NOW = Instant.parse("2025-07-10T12:00:00Z");
    private static final Instant PERIOD_END = Instant.parse("2025-08-01T00:00:00Z");
    private static final Instant PROMO_END = Instant.parse("2025-07-20T00:00:00Z");

    private final BalanceBook book = BalanceBook.of(new BalanceView("c1", "CREDITS", BigDecimal.ZERO, BigDecimal.ZERO,
            3, null, NOW, List.of()));

    @Test
    void theWorkedGrantOrderExample() {
        Grant subscription = book.grant(GrantSource.SUBSCRIPTION, dec("1000"), PERIOD_END, 0, "sub/2025-07", op()).grant();
        Grant pack = book.grant(GrantSource.PACK, dec("500"), null, 0, null, op()).grant();
        Grant promo = book.grant(GrantSource.PROMO, dec("100"), PROMO_END, 0, null, op()).grant();
        // available = 1000 + 500 + 100 = 1600
        assertThat(book.available()).isEqualByComparingTo("1600");

        DebitResult first = book.debit(dec("1200"), op());
        // order: promo (expires 07-20), subscription (expires 08-01), pack (never expires)
        // promo: takes min(100, 1200) = 100 -> 1100 to cover; subscription: min(1000, 1100) = 1000
        // -> 100 to cover; pack: min(500, 100) = 100 -> 0 to cover, pack keeps 500 - 100 = 400
        assertThat(first.consumptions()).extracting(c -> c.grantId(), c -> c.amount().toPlainString(),
                        c -> c.remainingAfter().toPlainString())
                .containsExactly(
                        tuple(promo.id(), "100", "0"),
                        tuple(subscription.id(), "1000", "0"),
                        tuple(pack.id(), "100", "400"));
        assertThat(first.covered()).isEqualByComparingTo("1200");
        assertThat(first.shortfall()).isEqualByComparingTo("0");
        // 1600 - 1200 = 400
        assertThat(first.balanceAfter()).isEqualByComparingTo("400");

        DebitResult second = book.debit(dec("450"), op());
        // pack: min(400, 450) = 400 -> 50 uncovered: shortfall 50, available 400 - 450 = -50
        assertThat(second.consumptions()).singleElement().satisfies(c -> {
            assertThat(c.grantId()).isEqualTo(pack.id());
            assertThat(c.amount()).isEqualByComparingTo("400");
            assertThat(c.remainingAfter()).isEqualByComparingTo("0");
        });
        assertThat(second.covered()).isEqualByComparingTo("400");
        assertThat(second.shortfall()).isEqualByComparingTo("50");
        assertThat(second.balanceAfter()).isEqualByComparingTo("-50");

        GrantResult newPack = book.grant(GrantSource.PACK, dec("500"), null, 0, null, op());
        // granted 0 + 500 = 500; settles min(shortfall 50, 500) = 50: pack keeps 500 - 50 = 450,
        // shortfall 50 - 50 = 0, available 450 - 0 = 450
        assertThat(newPack.shortfallSettled()).isEqualByComparingTo("50");
        assertThat(newPack.grant().remainingAmount()).isEqualByComparingTo("450");
        assertThat(newPack.balance().available()).isEqualByComparingTo("450");
        assertThat(newPack.balance().shortfall()).isEqualByComparingTo("0");
        assertThat(newPack.balance().grants()).extracting(Grant::id).containsExactly(newPack.grant().id());
    }

    @Test
    void eachChangeAppendsEntriesWithTheBalanceAfterThemAndOneNewVersion() {
        book.grant(GrantSource.PACK, dec("10"), null, 0, null, op());          // version 3 -> 4
        book.debit(dec("12.5"), op());                                          // version 4 -> 5
        book.grant(GrantSource.TOP_UP, dec("1"), null, 0, null, op());          // version 5 -> 6
        assertThat(book.entries()).extracting(e -> e.type(), e -> e.amount().toPlainString(),
                        e -> e.balanceAfter().toPlainString(), e -> e.shortfallAfter().toPlainString(), e -> e.version())
                .containsExactly(
                        // +10: granted 10, available 10
                        tuple(EntryType.GRANT, "10", "10", "0", 4L),
                        // pack 10 consumed: granted 0, available 0
                        tuple(EntryType.DEBIT, "10", "0", "0", 5L),
                        // 12.5 - 10 = 2.5 uncovered: shortfall 2.5, available -2.5
                        tuple(EntryType.SHORTFALL, "2.5", "-2.5", "2.5", 5L),
                        // +1: granted 1, available 1 - 2.5 = -1.5
                        tuple(EntryType.GRANT, "1", "-1.5", "2.5", 6L),
                        // settles min(2.5, 1) = 1: granted 0, shortfall 1.5, available still -1.5
                        tuple(EntryType.SETTLEMENT, "1", "-1.5", "1.5", 6L));
    }

    @Test
    void keepsEveryDigitOfTinyAmounts() {
        book.grant(GrantSource.TOP_UP, dec("0.001"), null, 0, null, op());
        DebitResult debit = book.debit(dec("0.0004485"), op());
        // 0.001 - 0.0004485 = 0.0005515
        assertThat(debit.balanceAfter()).isEqualByComparingTo("0.0005515");
        assertThat(debit.balanceAfter().scale()).isEqualTo(7);
    }

    @Test
    void lowerPriorityValuesAreConsumedFirstWhateverTheirExpiry() {
        Grant later = book.grant(GrantSource.PROMO, dec("5"), PERIOD_END, 0, null, op()).grant();
        Grant first = book.grant(GrantSource.PACK, dec("5"), null, -1, null, op()).grant();
        DebitResult debit = book.debit(dec("7"), op());
        // priority -1 before 0: pack 5 (7 - 5 = 2 left), then promo 2
        assertThat(debit.consumptions()).extracting(DebitResult.Consumption::grantId).containsExactly(first.id(), later.id());
    }

    @Test
    void aDebitInAUnitNeverHeldIsACurrencyMismatchAndChangesNothing() {
        BalanceBook usd = BalanceBook.empty("c1", "USD");
        assertThatThrownBy(() -> usd.debit(dec("1"), op()))
                .isInstanceOfSatisfying(TallyException.class, e -> {
                    assertThat(e.code()).isEqualTo(Status.Code.FAILED_PRECONDITION);
                    assertThat(e.reason()).isEqualTo("CURRENCY_MISMATCH");
                });
        assertThat(usd.isChanged()).isFalse();
        assertThat(usd.entries()).isEmpty();
    }

    @Test
    void expiryRemovesExactlyTheRemainderOfGrantsDueByAsOf() {
        Grant subscription = book.grant(GrantSource.SUBSCRIPTION, dec("1000"), PERIOD_END, 0, "p1", op()).grant();
        book.grant(GrantSource.PROMO, dec("100"), PERIOD_END.plus(Duration.ofDays(30)), 0, null, op());
        book.grant(GrantSource.PACK, dec("500"), null, 0, null, op());
        book.debit(dec("300"), op());
        // subscription expires first: 1000 - 300 = 700 left; available 1600 - 300 = 1300
        ExpiryResult expiry = book.expire(PERIOD_END, null, null, new Operation(UUID.randomUUID(), "k", null, null,
                Map.of(), PERIOD_END.plusSeconds(1)));
        // only the subscription is due by the period end: 700 expires, available 1300 - 700 = 600
        assertThat(expiry.expired()).singleElement().satisfies(e -> {
            assertThat(e.grant().id()).isEqualTo(subscription.id());
            assertThat(e.amount()).isEqualByComparingTo("700");
            assertThat(e.grant().remainingAmount()).isEqualByComparingTo("0");
        });
        assertThat(expiry.totalExpired()).isEqualByComparingTo("700");
        assertThat(expiry.balance().available()).isEqualByComparingTo("600");
    }

    @Test
    void grantsAreNotExpiredBeforeTheirTime() {
        assertThatThrownBy(() -> book.expire(NOW.plusSeconds(1), null, null, op()))
                .isInstanceOfSatisfying(TallyException.class, e -> assertThat(e.code()).isEqualTo(Status.Code.INVALID_ARGUMENT));
    }

    @Test
    void settlementClearsAtMostWhatIsOwed() {
        book.debit(dec("50"), op());
        // nothing granted: shortfall 50, available -50; settle min(50, 80) = 50 -> available 0
        SettlementResult settled = book.settle(dec("80"), op());
        assertThat(settled.settled()).isEqualByComparingTo("50");
        assertThat(settled.balance().available()).isEqualByComparingTo("0");
        assertThat(book.settle(dec("10"), op()).settled()).isEqualByComparingTo("0");
    }

    @Test
    void crossingBelowTheThresholdIsRecordedOnce() {
        book.grant(GrantSource.PACK, dec("100"), null, 0, null, op());
        book.setThreshold(dec("20"), op());
        book.debit(dec("70"), op());   // 100 - 70 = 30: still >= 20
        book.debit(dec("15"), op());   // 30 - 15 = 15 < 20: crosses
        book.debit(dec("5"), op());    // 15 - 5 = 10: already below, no new crossing
        assertThat(book.crossings()).singleElement().satisfies(c -> {
            assertThat(c.available()).isEqualByComparingTo("15");
            assertThat(c.threshold()).isEqualByComparingTo("20");
        });
    }

    @Test
    void aThresholdAboveTheBalanceIsACrossingAtOnce() {
        book.grant(GrantSource.PACK, dec("10"), null, 0, null, op());
        BalanceView view = book.setThreshold(dec("25"), op());
        assertThat(view.belowThreshold()).isTrue();
        assertThat(book.crossings()).hasSize(1);
    }

    private static BigDecimal dec(String value) {
        return new BigDecimal(value);
    }

    private static Operation op() {
        return new Operation(UUID.randomUUID(), "key-" + UUID.randomUUID(), "ref", null, Map.of(), NOW);
    }
}
