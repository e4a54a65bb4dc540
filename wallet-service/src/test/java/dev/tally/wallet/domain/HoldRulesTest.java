package dev.tally.wallet.domain;

import static dev.tally.wallet.domain.Books.LATE_LIMIT;
import static dev.tally.wallet.domain.Books.at;
import static dev.tally.wallet.domain.Books.dec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import dev.tally.support.error.Reason;
import dev.tally.support.error.TallyException;
import io.grpc.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Holds as worked examples: a pack of 100 in force, reserved, captured, released, expired. */
class HoldRulesTest {

    private static final Instant NOW = Instant.parse("2025-07-10T12:00:00Z");

    private final BalanceBook book = Books.credits();

    @BeforeEach
    void packOf100() {
        book.grant(GrantSource.PACK, dec("100"), null, null, 0, null, null, LATE_LIMIT, at(NOW));
    }

    @Test
    void reservesNeverTogetherExceedTheAvailableBalance() {
        HoldResult first = book.reserve(dec("60"), null, at(NOW));
        // available = 100 granted - 0 shortfall - 60 held = 40
        assertThat(first.balance().held()).isEqualByComparingTo("60");
        assertThat(first.balance().available()).isEqualByComparingTo("40");
        assertThat(first.hold().expireTime()).as("15 minutes by default").isEqualTo(NOW.plus(Duration.ofMinutes(15)));
        HoldResult second = book.reserve(dec("40"), null, at(NOW));
        // 40 - 40 = 0 available
        assertThat(second.balance().available()).isEqualByComparingTo("0");

        assertThatThrownBy(() -> book.reserve(dec("0.01"), null, at(NOW)))
                .isInstanceOfSatisfying(TallyException.class, e -> {
                    assertThat(e.code()).isEqualTo(Status.Code.FAILED_PRECONDITION);
                    assertThat(e.is(Reason.INSUFFICIENT_FUNDS)).isTrue();
                    assertThat(e.metadata()).containsEntry("available", "0").containsEntry("requested", "0.01");
                });
        // a hold does not consume grants: the ledger keeps granted 100, held 100
        assertThat(book.view(NOW).openGranted()).isEqualByComparingTo("100");
        assertThat(book.entries())
                .extracting(
                        LedgerEntry::type,
                        e -> e.amount().toPlainString(),
                        e -> e.balanceAfter().toPlainString())
                .containsExactly(
                        tuple(EntryType.GRANT, "100", "100"),
                        tuple(EntryType.HOLD, "60", "40"),
                        tuple(EntryType.HOLD, "40", "0"));
    }

    @Test
    void captureBelowTheHoldDebitsTheFinalAmountAndFreesTheRest() {
        Hold hold = book.reserve(dec("40"), null, at(NOW)).hold();
        CaptureResult capture = book.capture(hold.id(), dec("25"), null, at(NOW.plusSeconds(30)));
        // held 40 - 40 = 0; the pack gives 25: 100 - 25 = 75 available
        assertThat(capture.hold().state()).isEqualTo(HoldState.CAPTURED);
        assertThat(capture.hold().capturedAmount()).isEqualByComparingTo("25");
        assertThat(capture.hold().debitId()).isEqualTo(capture.debit().debitId());
        assertThat(capture.debit().covered()).isEqualByComparingTo("25");
        assertThat(capture.debit().balanceAfter()).isEqualByComparingTo("75");
        assertThat(book.view(NOW).held()).isEqualByComparingTo("0");
        // one operation: the hold's release and the debit share one version
        assertThat(book.entries().subList(2, 4))
                .extracting(LedgerEntry::type, LedgerEntry::version)
                .containsExactly(tuple(EntryType.HOLD_RELEASE, 6L), tuple(EntryType.DEBIT, 6L));
    }

    @Test
    void captureAboveTheHoldRecordsTheExcessLikeAnyDebit() {
        Hold hold = book.reserve(dec("40"), null, at(NOW)).hold();
        CaptureResult capture = book.capture(hold.id(), dec("120"), null, at(NOW));
        // the pack gives 100, 120 - 100 = 20 is shortfall, unbilled (a pack has no window): available 0
        assertThat(capture.debit().covered()).isEqualByComparingTo("100");
        assertThat(capture.debit().shortfall()).isEqualByComparingTo("20");
        assertThat(capture.debit().balanceAfter()).isEqualByComparingTo("0");
        assertThat(book.createdShortfalls())
                .singleElement()
                .satisfies(
                        s -> assertThat(s.debitId()).isEqualTo(capture.debit().debitId()));
    }

    @Test
    void aCaptureOfZeroEndsTheHoldWithoutADebit() {
        Hold hold = book.reserve(dec("40"), null, at(NOW)).hold();
        CaptureResult capture = book.capture(hold.id(), dec("0"), null, at(NOW));
        assertThat(capture.debit().covered()).isEqualByComparingTo("0");
        assertThat(capture.debit().balanceAfter()).isEqualByComparingTo("100");
    }

    @Test
    void releaseMakesTheAmountAvailableAgainAndEndsTheHold() {
        Hold hold = book.reserve(dec("40"), null, at(NOW)).hold();
        HoldResult released = book.release(hold.id(), at(NOW));
        assertThat(released.hold().state()).isEqualTo(HoldState.RELEASED);
        assertThat(released.balance().available()).isEqualByComparingTo("100");
        assertRefused(() -> book.capture(hold.id(), dec("1"), null, at(NOW)), Reason.HOLD_RELEASED);
        assertRefused(() -> book.release(hold.id(), at(NOW)), Reason.HOLD_RELEASED);
    }

    @Test
    void aCapturedHoldCannotBeCapturedOrReleasedAgain() {
        Hold hold = book.reserve(dec("40"), null, at(NOW)).hold();
        book.capture(hold.id(), dec("10"), null, at(NOW));
        assertRefused(() -> book.capture(hold.id(), dec("10"), null, at(NOW)), Reason.HOLD_CAPTURED);
        assertRefused(() -> book.release(hold.id(), at(NOW)), Reason.HOLD_CAPTURED);
    }

    @Test
    void aHoldPastItsExpiryIsExpiredByTheServiceAndCannotBeCaptured() {
        Hold hold = book.reserve(dec("40"), NOW.plusSeconds(60), at(NOW)).hold();
        assertThat(book.expireHold(hold.id(), at(NOW.plusSeconds(59))))
                .as("not due yet")
                .isNull();
        // due, but not expired by the service yet: refused all the same
        assertRefused(() -> book.capture(hold.id(), dec("1"), null, at(NOW.plusSeconds(60))), Reason.HOLD_EXPIRED);

        Hold expired = book.expireHold(hold.id(), at(NOW.plusSeconds(61)));
        assertThat(expired.state()).isEqualTo(HoldState.EXPIRED);
        assertThat(book.view(NOW).available()).isEqualByComparingTo("100");
        assertThat(book.expireHold(hold.id(), at(NOW.plusSeconds(62))))
                .as("expired once")
                .isNull();
        assertRefused(() -> book.capture(hold.id(), dec("1"), null, at(NOW.plusSeconds(62))), Reason.HOLD_EXPIRED);
    }

    @Test
    void aHoldOfAnotherUnitOrAnUnknownHoldIsRefused() {
        Hold hold = book.reserve(dec("40"), null, at(NOW)).hold();
        BalanceBook usd = BalanceBook.empty(
                "c1", "USD", new BalanceBook.Loaded(null, java.util.Map.of(hold.id(), hold), java.util.Map.of()));
        assertRefused(() -> usd.capture(hold.id(), dec("1"), null, at(NOW)), Reason.CURRENCY_MISMATCH);
        assertThatThrownBy(() -> book.release(UUID.randomUUID(), at(NOW)))
                .isInstanceOfSatisfying(
                        TallyException.class, e -> assertThat(e.code()).isEqualTo(Status.Code.NOT_FOUND));
    }

    @Test
    void aHoldLastsAtMost24Hours() {
        assertThatThrownBy(() ->
                        book.reserve(dec("1"), NOW.plus(Duration.ofHours(24)).plusSeconds(1), at(NOW)))
                .isInstanceOfSatisfying(
                        TallyException.class,
                        e -> assertThat(e.violations())
                                .extracting(TallyException.FieldViolation::field)
                                .containsExactly("expire_time"));
        assertThatThrownBy(() -> book.reserve(dec("1"), NOW, at(NOW)))
                .isInstanceOfSatisfying(
                        TallyException.class, e -> assertThat(e.code()).isEqualTo(Status.Code.INVALID_ARGUMENT));
    }

    private static void assertRefused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, Reason reason) {
        assertThatThrownBy(call).isInstanceOfSatisfying(TallyException.class, e -> {
            assertThat(e.code()).isEqualTo(Status.Code.FAILED_PRECONDITION);
            assertThat(e.is(reason)).as(e.reason()).isTrue();
        });
    }
}
