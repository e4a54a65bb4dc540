package dev.tally.wallet;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Timestamp;
import dev.tally.common.v1.Money;
import dev.tally.common.v1.TimeRange;
import dev.tally.support.error.Reason;
import dev.tally.testing.TestDatabase;
import dev.tally.wallet.v1.CaptureRequest;
import dev.tally.wallet.v1.DebitBatchRequest;
import dev.tally.wallet.v1.DebitRequest;
import dev.tally.wallet.v1.ExpireGrantsRequest;
import dev.tally.wallet.v1.GetBalanceRequest;
import dev.tally.wallet.v1.GrantCreditsRequest;
import dev.tally.wallet.v1.GrantSource;
import dev.tally.wallet.v1.ListTransactionsRequest;
import dev.tally.wallet.v1.ReleaseRequest;
import dev.tally.wallet.v1.ReserveRequest;
import dev.tally.wallet.v1.ReverseDebitRequest;
import dev.tally.wallet.v1.SetLowBalanceThresholdRequest;
import dev.tally.wallet.v1.SettleShortfallRequest;
import dev.tally.wallet.v1.TopUpRequest;
import dev.tally.wallet.v1.WatchBalanceRequest;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bad input answers the right code (with ErrorInfo, and BadRequest naming exactly the bad fields)
 * and leaves the ledger, the idempotency records and the balances untouched.
 */
@QuarkusTest
class BadInputTest extends WalletTest {

    private String customer;

    @BeforeEach
    void walletWithCredits() {
        customer = newCustomer();
        grant(customer, credits("100"), GrantSource.GRANT_SOURCE_PACK, null);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "0.000", "-5", "-0.01"})
    void zeroOrNegativeDebitAmounts(String amount) {
        assertRefusedChangingNothing(
                () -> wallet.debit(debitRequest(customer, credits(amount), newKey())),
                Reason.VALIDATION_FAILED,
                "amount.amount");
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "", "1e3", "1,5", "12.", "NaN", " 1 2", "0x10"})
    void nonNumericDebitAmounts(String amount) {
        assertRefusedChangingNothing(
                () -> wallet.debit(debitRequest(customer, credits(amount), newKey())),
                Reason.VALIDATION_FAILED,
                "amount.amount");
    }

    @ParameterizedTest
    @ValueSource(strings = {"XYZ", "credits", "US", "", "EURO"})
    void unknownUnits(String unit) {
        Money amount = Money.newBuilder().setAmount("1").setCurrencyCode(unit).build();
        assertRefusedChangingNothing(
                () -> wallet.debit(debitRequest(customer, amount, newKey())),
                Reason.VALIDATION_FAILED,
                "amount.currency_code");
    }

    @Test
    void everyBadFieldIsReportedAtOnce() {
        DebitRequest request = DebitRequest.newBuilder()
                .setCustomerId("")
                .setAmount(credits("-1"))
                .build();
        assertRefusedChangingNothing(
                () -> wallet.debit(request),
                Reason.VALIDATION_FAILED,
                "customer_id",
                "amount.amount",
                "idempotency_key");
        assertRefusedChangingNothing(
                () -> wallet.debit(DebitRequest.newBuilder()
                        .setCustomerId(customer)
                        .setIdempotencyKey(newKey())
                        .build()),
                Reason.VALIDATION_FAILED,
                "amount");
    }

    @Test
    void mismatchedThresholdCurrency() {
        assertRefusedChangingNothing(
                () -> wallet.setLowBalanceThreshold(SetLowBalanceThresholdRequest.newBuilder()
                        .setCustomerId(customer)
                        .setCurrencyCode("CREDITS")
                        .setThreshold(usd("5"))
                        .setIdempotencyKey(newKey())
                        .build()),
                Reason.VALIDATION_FAILED,
                "threshold.currency_code");
    }

    @Test
    void readsOfAnUnknownCustomerAreNotFound() {
        String stranger = newCustomer();
        assertRefusedChangingNothing(
                () -> wallet.getBalance(
                        GetBalanceRequest.newBuilder().setCustomerId(stranger).build()),
                Reason.WALLET_NOT_FOUND);
        assertRefusedChangingNothing(
                () -> wallet.listTransactions(ListTransactionsRequest.newBuilder()
                        .setCustomerId(stranger)
                        .build()),
                Reason.WALLET_NOT_FOUND);
        assertRefusedChangingNothing(
                () -> wallet.watchBalance(WatchBalanceRequest.newBuilder()
                                .setCustomerId(stranger)
                                .build())
                        .hasNext(),
                Reason.WALLET_NOT_FOUND);
        assertThat(TestDatabase.get()
                        .queryLong(database(), "SELECT count(*) FROM wallet WHERE customer_id = '" + stranger + "'"))
                .isZero();
    }

    @Test
    void debitTimesMayBeAtMostFiveMinutesAhead() {
        Instant sixMinutesAhead = Instant.now().plus(Duration.ofMinutes(6));
        assertRefusedChangingNothing(
                () -> wallet.debit(debitRequest(customer, credits("1"), newKey()).toBuilder()
                        .setOccurredTime(timestamp(sixMinutesAhead))
                        .build()),
                Reason.VALIDATION_FAILED,
                "occurred_time");
        assertRefusedChangingNothing(
                () -> wallet.debit(debitRequest(customer, credits("1"), newKey()).toBuilder()
                        .setOccurredTime(Timestamp.newBuilder().setSeconds(Long.MAX_VALUE))
                        .build()),
                Reason.VALIDATION_FAILED,
                "occurred_time");
    }

    @Test
    void reusedIdempotencyKeyWithAnotherPayload() {
        String key = newKey();
        wallet.debit(debitRequest(customer, credits("1"), key));
        assertRefusedChangingNothing(
                () -> wallet.debit(debitRequest(customer, credits("2"), key)), Reason.IDEMPOTENCY_KEY_REUSED);
        assertRefusedChangingNothing(
                () -> wallet.grantCredits(GrantCreditsRequest.newBuilder()
                        .setCustomerId(customer)
                        .setAmount(credits("1"))
                        .setSource(GrantSource.GRANT_SOURCE_PROMO)
                        .setIdempotencyKey(key)
                        .build()),
                Reason.IDEMPOTENCY_KEY_REUSED);
    }

    @Test
    void badGrantsAndTopUps() {
        assertRefusedChangingNothing(
                () -> wallet.topUp(TopUpRequest.newBuilder()
                        .setCustomerId(customer)
                        .setAmount(credits("10"))
                        .setIdempotencyKey(newKey())
                        .build()),
                Reason.VALIDATION_FAILED,
                "amount.currency_code");
        assertRefusedChangingNothing(
                () -> wallet.grantCredits(GrantCreditsRequest.newBuilder()
                        .setCustomerId(customer)
                        .setAmount(credits("10"))
                        .setIdempotencyKey(newKey())
                        .build()),
                Reason.VALIDATION_FAILED,
                "source");
        assertRefusedChangingNothing(
                () -> wallet.grantCredits(GrantCreditsRequest.newBuilder()
                        .setCustomerId(customer)
                        .setAmount(credits("10"))
                        .setSource(GrantSource.GRANT_SOURCE_REFUND)
                        .setIdempotencyKey(newKey())
                        .build()),
                Reason.VALIDATION_FAILED,
                "source");
        assertRefusedChangingNothing(
                () -> wallet.grantCredits(GrantCreditsRequest.newBuilder()
                        .setCustomerId(customer)
                        .setAmount(credits("10"))
                        .setSource(GrantSource.GRANT_SOURCE_PROMO)
                        // beyond the late-grant limit (7 days by default)
                        .setEffectiveTime(timestamp(clock.instant().minus(Duration.ofDays(30))))
                        .setExpireTime(timestamp(
                                clock.instant().minus(Duration.ofDays(7).plusMinutes(1))))
                        .setIdempotencyKey(newKey())
                        .build()),
                Reason.VALIDATION_FAILED,
                "expire_time");
        Instant nextMonth = Instant.now().plus(Duration.ofDays(30));
        assertRefusedChangingNothing(
                () -> wallet.grantCredits(GrantCreditsRequest.newBuilder()
                        .setCustomerId(customer)
                        .setAmount(credits("10"))
                        .setSource(GrantSource.GRANT_SOURCE_SUBSCRIPTION)
                        .setEffectiveTime(timestamp(nextMonth))
                        .setExpireTime(timestamp(nextMonth))
                        .setIdempotencyKey(newKey())
                        .build()),
                Reason.VALIDATION_FAILED,
                "expire_time");
        String stranger = newCustomer();
        assertRefusedChangingNothing(
                () -> wallet.grantCredits(GrantCreditsRequest.newBuilder()
                        .setCustomerId(stranger)
                        .setAmount(credits("0"))
                        .setSource(GrantSource.GRANT_SOURCE_PROMO)
                        .setIdempotencyKey(newKey())
                        .build()),
                Reason.VALIDATION_FAILED,
                "amount.amount");
        assertThat(TestDatabase.get()
                        .queryLong(database(), "SELECT count(*) FROM wallet WHERE customer_id = '" + stranger + "'"))
                .as("no wallet created")
                .isZero();
    }

    @Test
    void badHoldAndReversalRequests() {
        assertRefusedChangingNothing(
                () -> wallet.reserve(ReserveRequest.newBuilder()
                        .setCustomerId(customer)
                        .setAmount(credits("-1"))
                        .setExpireTime(timestamp(Instant.now().plus(Duration.ofDays(2))))
                        .build()),
                Reason.VALIDATION_FAILED,
                "amount.amount",
                "idempotency_key");
        assertRefusedChangingNothing(
                () -> wallet.reserve(ReserveRequest.newBuilder()
                        .setCustomerId(customer)
                        .setAmount(credits("1"))
                        .setExpireTime(timestamp(Instant.now().plus(Duration.ofDays(2))))
                        .setIdempotencyKey(newKey())
                        .build()),
                Reason.VALIDATION_FAILED,
                "expire_time");
        assertRefusedChangingNothing(
                () -> wallet.capture(CaptureRequest.newBuilder()
                        .setCustomerId(customer)
                        .setHoldId("not-a-hold")
                        .setFinalAmount(credits("-0.5"))
                        .setIdempotencyKey(newKey())
                        .build()),
                Reason.VALIDATION_FAILED,
                "hold_id",
                "final_amount.amount");
        assertRefusedChangingNothing(
                () -> wallet.release(ReleaseRequest.newBuilder()
                        .setCustomerId(customer)
                        .setIdempotencyKey(newKey())
                        .build()),
                Reason.VALIDATION_FAILED,
                "hold_id");
        assertRefusedChangingNothing(
                () -> wallet.release(ReleaseRequest.newBuilder()
                        .setCustomerId(customer)
                        .setHoldId(UUID.randomUUID().toString())
                        .setIdempotencyKey(newKey())
                        .build()),
                Reason.RESOURCE_NOT_FOUND);
        assertRefusedChangingNothing(
                () -> wallet.reverseDebit(ReverseDebitRequest.newBuilder()
                        .setCustomerId(customer)
                        .setDebitId("12")
                        .setIdempotencyKey(newKey())
                        .build()),
                Reason.VALIDATION_FAILED,
                "debit_id");
        assertRefusedChangingNothing(
                () -> wallet.reverseDebit(ReverseDebitRequest.newBuilder()
                        .setCustomerId(customer)
                        .setDebitId(UUID.randomUUID().toString())
                        .setIdempotencyKey(newKey())
                        .build()),
                Reason.RESOURCE_NOT_FOUND);
    }

    @Test
    void badSettlements() {
        assertRefusedChangingNothing(
                () -> wallet.settleShortfall(SettleShortfallRequest.newBuilder()
                        .setCustomerId(customer)
                        .setIdempotencyKey(newKey())
                        .build()),
                Reason.VALIDATION_FAILED,
                "currency_code",
                "time_range.end_time");
        Instant now = Instant.now();
        assertRefusedChangingNothing(
                () -> wallet.settleShortfall(SettleShortfallRequest.newBuilder()
                        .setCustomerId(customer)
                        .setCurrencyCode("CREDITS")
                        .setIdempotencyKey(newKey())
                        .setTimeRange(TimeRange.newBuilder()
                                .setStartTime(timestamp(now))
                                .setEndTime(timestamp(now)))
                        .build()),
                Reason.VALIDATION_FAILED,
                "time_range.end_time");
        assertRefusedChangingNothing(
                () -> wallet.settleShortfall(SettleShortfallRequest.newBuilder()
                        .setCustomerId(customer)
                        .setCurrencyCode("CREDITS")
                        .setIdempotencyKey(newKey())
                        .setTimeRange(TimeRange.newBuilder().setEndTime(timestamp(now.plus(Duration.ofDays(1)))))
                        .build()),
                Reason.VALIDATION_FAILED,
                "time_range.end_time");
    }

    @Test
    void badExpiryAndListingRequests() {
        assertRefusedChangingNothing(
                () -> wallet.expireGrants(ExpireGrantsRequest.newBuilder()
                        .setCustomerId(customer)
                        .setIdempotencyKey(newKey())
                        .build()),
                Reason.VALIDATION_FAILED,
                "currency_code",
                "expire_time");
        assertRefusedChangingNothing(
                () -> wallet.listTransactions(ListTransactionsRequest.newBuilder()
                        .setCustomerId(customer)
                        .setPageToken("not-a-token")
                        .setPageSize(-1)
                        .build()),
                Reason.VALIDATION_FAILED,
                "page_size",
                "page_token");
    }

    @Test
    void badBatches() {
        assertRefusedChangingNothing(
                () -> wallet.debitBatch(DebitBatchRequest.getDefaultInstance()), Reason.VALIDATION_FAILED, "debits");
        DebitBatchRequest.Builder tooMany = DebitBatchRequest.newBuilder();
        for (int i = 0; i <= 1000; i++) {
            tooMany.addDebits(debitRequest(customer, credits("0.01"), newKey()));
        }
        assertRefusedChangingNothing(() -> wallet.debitBatch(tooMany.build()), Reason.VALIDATION_FAILED, "debits");
    }

    /** Runs a call that must fail, checks code, reason and bad fields, and that nothing was written. */
    private void assertRefusedChangingNothing(
            ThrowableAssert.ThrowingCallable call, Reason reason, String... badFields) {
        long entries = LedgerInvariant.entryCount(database());
        long operations = TestDatabase.get().queryLong(database(), "SELECT count(*) FROM idempotency_record");
        dev.tally.wallet.v1.Balance before = balance(customer, "CREDITS");
        StatusRuntimeException failure = assertFails(call, reason);
        assertThat(badFields(failure)).containsExactlyInAnyOrder(badFields);
        assertThat(LedgerInvariant.entryCount(database()))
                .as("ledger untouched")
                .isEqualTo(entries);
        assertThat(TestDatabase.get().queryLong(database(), "SELECT count(*) FROM idempotency_record"))
                .isEqualTo(operations);
        assertThat(balance(customer, "CREDITS")).as("balance untouched").isEqualTo(before);
    }
}
