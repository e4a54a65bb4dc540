package dev.tally.wallet.domain;

import static dev.tally.wallet.domain.Books.LATE_LIMIT;
import static dev.tally.wallet.domain.Books.at;
import static dev.tally.wallet.domain.Books.dec;
import static dev.tally.wallet.domain.Books.reload;
import static dev.tally.wallet.domain.Books.t;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import dev.tally.support.error.Reason;
import dev.tally.support.error.TallyException;
import io.grpc.Status;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** ReverseDebit as worked examples (the rules are in {@link ReversalPlan}). */
class ReversalTest {

    private static final Instant JULY = t("2025-07-01T00:00:00Z");
    private static final Instant AUGUST = t("2025-08-01T00:00:00Z");

    private final BalanceBook book = Books.credits();

    @Test
    void whatADebitTookReturnsToTheSameGrant() {
        Grant pack = book.grant(GrantSource.PACK, dec("100"), null, null, 0, null, null, LATE_LIMIT, at(JULY))
                .grant();
        DebitResult debit = book.debit(dec("30"), null, at("2025-07-02T00:00:00Z"));
        // pack: 100 - 30 = 70

        BalanceBook later = reload(book, t("2025-07-03T00:00:00Z"), debit.debitId());
        ReversalResult reversal = later.reverse(debit.debitId(), at("2025-07-03T00:00:00Z"));
        // 30 back to the pack: 70 + 30 = 100
        assertThat(reversal.returned())
                .extracting(
                        c -> c.grantId(),
                        c -> c.amount().toPlainString(),
                        c -> c.remainingAfter().toPlainString())
                .containsExactly(tuple(pack.id(), "30", "100"));
        assertThat(reversal.refundGrant()).isNull();
        assertThat(reversal.returnedTotal()).isEqualByComparingTo("30");
        assertThat(reversal.balance().available()).isEqualByComparingTo("100");
        assertThat(later.entries())
                .extracting(LedgerEntry::type, LedgerEntry::grantId, LedgerEntry::debitId)
                .containsExactly(tuple(EntryType.ADJUSTMENT, pack.id(), debit.debitId()));
        assertThat(later.reversals()).extracting(Reversal::debitId).containsExactly(debit.debitId());
    }

    @Test
    void anExpiredGrantsShareReturnsAsANewRefundGrantThatNeverExpires() {
        book.grant(GrantSource.SUBSCRIPTION, dec("100"), JULY, AUGUST, 0, "sub/07", null, LATE_LIMIT, at(JULY));
        DebitResult debit = book.debit(dec("80"), null, at("2025-07-20T00:00:00Z"));

        BalanceBook august = reload(book, t("2025-08-05T00:00:00Z"), debit.debitId());
        ReversalResult reversal = august.reverse(debit.debitId(), at("2025-08-05T00:00:00Z"));
        // July's subscription expired on August 1: its 80 becomes a REFUND grant of 80, in force now
        assertThat(reversal.returned()).isEmpty();
        assertThat(reversal.refundGrant().source()).isEqualTo(GrantSource.REFUND);
        assertThat(reversal.refundGrant().originalAmount()).isEqualByComparingTo("80");
        assertThat(reversal.refundGrant().expireTime()).isNull();
        assertThat(reversal.refundGrant().id()).isEqualTo(reversal.reversalId());
        // available now = refund 80 (July's lapsed 20 does not count)
        assertThat(reversal.balance().available()).isEqualByComparingTo("80");
        assertThat(reversal.balance().lapsed()).isEqualByComparingTo("20");
        assertThat(august.entries())
                .extracting(LedgerEntry::type, e -> e.amount().toPlainString())
                .containsExactly(tuple(EntryType.GRANT, "80"));
    }

    @Test
    void theWorkedExampleOfReversalPlan() {
        Grant subscription = book.grant(
                        GrantSource.SUBSCRIPTION, dec("80"), JULY, AUGUST, 0, "sub/07", null, LATE_LIMIT, at(JULY))
                .grant();
        DebitResult debit = book.debit(dec("120"), null, at("2025-07-20T00:00:00Z"));
        // subscription gives 80, shortfall 120 - 80 = 40 on July 20
        Grant pack = book.grant(
                        GrantSource.PACK, dec("25"), null, null, 0, null, null, LATE_LIMIT, at("2025-08-02T00:00:00Z"))
                .grant();
        // the pack pays 25 of it: outstanding 40 - 25 = 15
        book.settle(JULY, AUGUST, at("2025-08-03T00:00:00Z"));
        // the July invoice claims the 15 (reference "ref", the operation's)
        book.expire(AUGUST, null, null, at("2025-08-03T00:00:01Z"));
        // the subscription is used up: nothing to expire, it stays closed to new debits anyway

        BalanceBook later = reload(book, t("2025-08-05T00:00:00Z"), debit.debitId());
        ReversalResult reversal = later.reverse(debit.debitId(), at("2025-08-05T00:00:00Z"));
        // cancelled 0 (nothing outstanding); the pack gets its 25 back; the subscription expired on
        // August 1, so its 80 returns as a REFUND grant; the claimed 15 is reported for a credit note
        assertThat(reversal.shortfallCancelled()).isEqualByComparingTo("0");
        assertThat(reversal.returned())
                .extracting(c -> c.grantId(), c -> c.amount().toPlainString())
                .containsExactly(tuple(pack.id(), "25"));
        assertThat(reversal.refundGrant().originalAmount()).isEqualByComparingTo("80");
        // 25 + 80 = 105 returned; 105 + 15 claimed = 120, the debit
        assertThat(reversal.returnedTotal()).isEqualByComparingTo("105");
        assertThat(reversal.shortfallClaimed()).isEqualByComparingTo("15");
        assertThat(reversal.claimReference()).isEqualTo("ref");
        assertThat(reversal.balance().available()).isEqualByComparingTo("105");
        assertThat(subscription.id()).isNotEqualTo(reversal.refundGrant().id());
    }

    @Test
    void itsOutstandingShortfallIsCancelledAndReturnedFundsPayOtherShortfall() {
        book.grant(GrantSource.PACK, dec("10"), null, null, 0, null, null, LATE_LIMIT, at(JULY));
        DebitResult first = book.debit(dec("10"), null, at("2025-07-02T00:00:00Z"));
        // the pack is used up; the next debit is all shortfall
        DebitResult second = book.debit(dec("50"), null, at("2025-07-03T00:00:00Z"));
        DebitResult third = book.debit(dec("4"), null, at("2025-07-04T00:00:00Z"));
        // outstanding: 50 (second) + 4 (third) = 54; available -54

        BalanceBook later = reload(book, t("2025-07-05T00:00:00Z"), second.debitId(), first.debitId());
        ReversalResult cancelSecond = later.reverse(second.debitId(), at("2025-07-05T00:00:00Z"));
        // second's 50 is cancelled: owed 54 - 50 = 4
        assertThat(cancelSecond.shortfallCancelled()).isEqualByComparingTo("50");
        assertThat(cancelSecond.returnedTotal()).isEqualByComparingTo("0");
        assertThat(cancelSecond.balance().shortfall()).isEqualByComparingTo("4");

        ReversalResult cancelFirst = later.reverse(first.debitId(), at("2025-07-05T00:00:00Z"));
        // first's 10 returns to the pack, which then pays third's 4: pack 10 - 4 = 6, owed 0
        assertThat(cancelFirst.returned())
                .singleElement()
                .satisfies(c -> assertThat(c.amount()).isEqualByComparingTo("10"));
        assertThat(cancelFirst.shortfallSettled()).isEqualByComparingTo("4");
        assertThat(cancelFirst.balance().shortfall()).isEqualByComparingTo("0");
        assertThat(cancelFirst.balance().available()).isEqualByComparingTo("6");
        assertThat(third.shortfall()).isEqualByComparingTo("4");
    }

    @Test
    void aDebitIsReversedAtMostOnce() {
        book.grant(GrantSource.PACK, dec("100"), null, null, 0, null, null, LATE_LIMIT, at(JULY));
        DebitResult debit = book.debit(dec("30"), null, at(JULY));
        Map<UUID, Grant> grants = new HashMap<>();
        book.createdGrants().forEach(g -> grants.put(g.id(), g));
        DebitRecord reversed = DebitRecord.of(debit.debitId(), book.entries(), grants, true);
        BalanceBook later = BalanceBook.of(
                book.view(JULY), new BalanceBook.Loaded(List.of(), Map.of(), Map.of(debit.debitId(), reversed)));

        assertThatThrownBy(() -> later.reverse(debit.debitId(), at(JULY)))
                .isInstanceOfSatisfying(TallyException.class, e -> {
                    assertThat(e.code()).isEqualTo(Status.Code.FAILED_PRECONDITION);
                    assertThat(e.is(Reason.DEBIT_ALREADY_REVERSED)).isTrue();
                });
        assertThatThrownBy(() -> later.reverse(UUID.randomUUID(), at(JULY)))
                .isInstanceOfSatisfying(
                        TallyException.class, e -> assertThat(e.code()).isEqualTo(Status.Code.NOT_FOUND));
        assertThat(later.entries()).isEmpty();
    }
}
