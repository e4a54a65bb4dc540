package dev.tally.wallet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.tally.support.error.Reason;
import dev.tally.wallet.v1.DebitResponse;
import dev.tally.wallet.v1.GrantConsumption;
import dev.tally.wallet.v1.GrantSource;
import dev.tally.wallet.v1.ListTransactionsRequest;
import dev.tally.wallet.v1.ReverseDebitRequest;
import dev.tally.wallet.v1.ReverseDebitResponse;
import dev.tally.wallet.v1.Transaction;
import dev.tally.wallet.v1.TransactionType;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * ReverseDebit through the API: amounts return to the same grant, to a REFUND grant where the
 * grant expired, an invoiced shortfall is reported and not reversed, and a debit is reversed once.
 */
@QuarkusTest
class ReverseDebitTest extends WalletTest {

    @Test
    void whatADebitTookReturnsToTheSameGrantAndReversingTwiceNeverRefundsTwice() {
        String customer = newCustomer();
        String pack = grant(customer, credits("100"), GrantSource.GRANT_SOURCE_PACK, null)
                .getGrant()
                .getGrantId();
        DebitResponse debit = debit(customer, credits("30"));
        ReverseDebitRequest reverse = reverseRequest(customer, debit);

        ReverseDebitResponse reversed = wallet.reverseDebit(reverse);
        // 30 back to the pack: 70 + 30 = 100
        assertThat(reversed.getReturnedList())
                .extracting(
                        GrantConsumption::getGrantId,
                        c -> c.getAmount().getAmount(),
                        c -> c.getRemainingAfter().getAmount())
                .containsExactly(tuple(pack, "30", "100"));
        assertThat(reversed.hasRefundGrant()).isFalse();
        assertThat(reversed.getBalance().getAvailable().getAmount()).isEqualTo("100");
        assertThat(wallet.listTransactions(ListTransactionsRequest.newBuilder()
                                .setCustomerId(customer)
                                .addTypes(TransactionType.TRANSACTION_TYPE_ADJUSTMENT)
                                .build())
                        .getTransactionsList())
                .extracting(
                        Transaction::getGrantId,
                        Transaction::getDebitId,
                        Transaction::getOperationId,
                        Transaction::getDescription)
                .containsExactly(tuple(pack, debit.getDebitId(), reversed.getReversalId(), "event voided"));

        assertThat(wallet.reverseDebit(reverse))
                .as("a replay")
                .isEqualTo(reversed.toBuilder().setDuplicate(true).build());
        assertFails(
                () -> wallet.reverseDebit(
                        reverse.toBuilder().setIdempotencyKey(newKey()).build()),
                Reason.DEBIT_ALREADY_REVERSED);
        assertThat(balance(customer, "CREDITS").getAvailable().getAmount())
                .as("refunded once")
                .isEqualTo("100");
    }

    @Test
    void whereTheGrantExpiredTheAmountReturnsAsARefundGrant() {
        String customer = newCustomer();
        Instant periodEnd = clock.instant().plus(Duration.ofDays(1));
        grant(customer, credits("100"), GrantSource.GRANT_SOURCE_SUBSCRIPTION, clock.instant(), periodEnd);
        DebitResponse debit = debit(customer, credits("80"));
        clock.advance(Duration.ofDays(2));

        ReverseDebitResponse reversed = wallet.reverseDebit(reverseRequest(customer, debit));
        // the subscription expired: its 80 becomes a REFUND grant that never expires
        assertThat(reversed.getReturnedList()).isEmpty();
        assertThat(reversed.getRefundGrant().getSource()).isEqualTo(GrantSource.GRANT_SOURCE_REFUND);
        assertThat(reversed.getRefundGrant().getOriginalAmount().getAmount()).isEqualTo("80");
        assertThat(reversed.getRefundGrant().hasExpireTime()).isFalse();
        assertThat(reversed.getReturnedTotal().getAmount()).isEqualTo("80");
        // in force now: the refund's 80; the subscription's remaining 20 is lapsed
        assertThat(reversed.getBalance().getAvailable().getAmount()).isEqualTo("80");
        assertThat(reversed.getBalance().getLapsed().getAmount()).isEqualTo("20");
    }

    @Test
    void anInvoicedShortfallIsReportedNotReversedAndOutstandingShortfallIsCancelled() {
        String customer = newCustomer();
        grant(customer, credits("10"), GrantSource.GRANT_SOURCE_PACK, null);
        DebitResponse billed = debit(customer, credits("25"));
        // pack 10, shortfall 15: claimed by the invoice
        assertThat(settle(customer, "CREDITS", clock.instant().minus(Duration.ofDays(1)), clock.instant(), "inv_1")
                        .getSettled()
                        .getAmount())
                .isEqualTo("15");
        clock.advance(Duration.ofSeconds(1));
        DebitResponse owed = debit(customer, credits("4"));

        ReverseDebitResponse reversedBilled = wallet.reverseDebit(reverseRequest(customer, billed));
        // the pack gets 10 back (which then pays owed's 4 of shortfall: 6 left); the claimed 15 is
        // reported for a credit note
        assertThat(reversedBilled.getReturnedTotal().getAmount()).isEqualTo("10");
        assertThat(reversedBilled.getShortfallClaimed().getAmount()).isEqualTo("15");
        assertThat(reversedBilled.getClaimReference()).isEqualTo("inv_1");
        assertThat(reversedBilled.getShortfallSettled().getAmount()).isEqualTo("4");
        assertThat(reversedBilled.getBalance().getAvailable().getAmount()).isEqualTo("6");

        DebitResponse more = debit(customer, credits("9"));
        // 6 covered, 3 owed
        ReverseDebitResponse cancelled = wallet.reverseDebit(reverseRequest(customer, more));
        assertThat(cancelled.getShortfallCancelled().getAmount()).isEqualTo("3");
        assertThat(cancelled.getReturnedTotal().getAmount()).isEqualTo("6");
        assertThat(cancelled.getBalance().getShortfall().getAmount()).isEqualTo("0");
        assertThat(cancelled.getBalance().getAvailable().getAmount()).isEqualTo("6");
        assertThat(owed.getShortfall().getAmount()).isEqualTo("4");
    }

    @Test
    void aCapturesDebitIsReversedLikeAnyDebit() {
        String customer = newCustomer();
        grant(customer, credits("50"), GrantSource.GRANT_SOURCE_PACK, null);
        String holdId = wallet.reserve(dev.tally.wallet.v1.ReserveRequest.newBuilder()
                        .setCustomerId(customer)
                        .setAmount(credits("20"))
                        .setIdempotencyKey(newKey())
                        .build())
                .getHold()
                .getHoldId();
        DebitResponse captured = wallet.capture(dev.tally.wallet.v1.CaptureRequest.newBuilder()
                        .setCustomerId(customer)
                        .setHoldId(holdId)
                        .setFinalAmount(credits("12"))
                        .setIdempotencyKey(newKey())
                        .build())
                .getDebit();

        ReverseDebitResponse reversed = wallet.reverseDebit(reverseRequest(customer, captured));
        assertThat(reversed.getReturnedTotal().getAmount()).isEqualTo("12");
        assertThat(reversed.getBalance().getAvailable().getAmount()).isEqualTo("50");
        assertFails(() -> wallet.reverseDebit(reverseRequest(newCustomer(), captured)), Reason.RESOURCE_NOT_FOUND);
    }

    private static ReverseDebitRequest reverseRequest(String customer, DebitResponse debit) {
        return ReverseDebitRequest.newBuilder()
                .setCustomerId(customer)
                .setDebitId(debit.getDebitId())
                .setReason("event voided")
                .setReference("evt-void")
                .setIdempotencyKey(newKey())
                .build();
    }
}
