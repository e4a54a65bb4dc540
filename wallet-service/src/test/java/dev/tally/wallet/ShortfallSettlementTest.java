package dev.tally.wallet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.common.v1.TimeRange;
import dev.tally.wallet.v1.Balance;
import dev.tally.wallet.v1.DebitResponse;
import dev.tally.wallet.v1.ListTransactionsRequest;
import dev.tally.wallet.v1.SettleShortfallRequest;
import dev.tally.wallet.v1.SettleShortfallResponse;
import dev.tally.wallet.v1.TopUpRequest;
import dev.tally.wallet.v1.TopUpResponse;
import dev.tally.wallet.v1.Transaction;
import dev.tally.wallet.v1.TransactionType;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A money wallet: what no grant covers is owed, never dropped; a top-up pays it or an invoice claims it. */
@QuarkusTest
class ShortfallSettlementTest extends WalletTest {

    @Test
    void aShortfallIsOwedUntilATopUpPaysItOrAnInvoiceClaimsIt() {
        String customer = newCustomer();
        wallet.topUp(TopUpRequest.newBuilder()
                .setCustomerId(customer)
                .setAmount(usd("10"))
                .setIdempotencyKey(newKey())
                .build());

        DebitResponse over = debit(customer, usd("12.0004485"));
        // 10 covered, 2.0004485 owed; a top-up has no window, so what it could not cover waits for its
        // invoice (or the next top-up): unbilled, available 0
        assertThat(over.getCovered().getAmount()).isEqualTo("10");
        assertThat(over.getShortfall().getAmount()).isEqualTo("2.0004485");
        assertThat(over.getBalanceAfter().getAmount()).isEqualTo("0");
        assertThat(balance(customer, "USD").getUnbilledShortfall().getAmount()).isEqualTo("2.0004485");

        TopUpResponse topUp = wallet.topUp(TopUpRequest.newBuilder()
                .setCustomerId(customer)
                .setAmount(usd("1"))
                .setIdempotencyKey(newKey())
                .build());
        // a top-up pays any outstanding shortfall: min(2.0004485, 1) = 1, still owed 1.0004485
        assertThat(topUp.getShortfallSettled().getAmount()).isEqualTo("1");
        assertThat(topUp.getGrant().getRemainingAmount().getAmount()).isEqualTo("0");
        assertThat(topUp.getBalance().getShortfall().getAmount()).isEqualTo("1.0004485");
        assertThat(topUp.getBalance().getGrantsList()).isEmpty();

        DebitResponse more = debit(customer, usd("0.5")); // owed 1.0004485 + 0.5 = 1.5004485
        SettleShortfallResponse billed = wallet.settleShortfall(SettleShortfallRequest.newBuilder()
                .setCustomerId(customer)
                .setCurrencyCode("USD")
                .setTimeRange(TimeRange.newBuilder().setEndTime(timestamp(Instant.now())))
                .setReference("inv_7")
                .setIdempotencyKey(newKey())
                .build());
        assertThat(billed.getSettled().getAmount()).isEqualTo("1.5004485");
        assertThat(billed.getSettledDebitCount()).isEqualTo(2);
        Balance after = balance(customer, "USD");
        assertThat(after.getAvailable().getAmount()).isEqualTo("0");
        assertThat(after.getShortfall().getAmount()).isEqualTo("0");
        assertThat(wallet.listTransactions(ListTransactionsRequest.newBuilder()
                                .setCustomerId(customer)
                                .setReference("inv_7")
                                .build())
                        .getTransactionsList())
                .as("one SETTLEMENT per debit claimed, naming it")
                .extracting(
                        Transaction::getType,
                        Transaction::getDebitId,
                        t -> t.getAmount().getAmount())
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                TransactionType.TRANSACTION_TYPE_SETTLEMENT, over.getDebitId(), "1.0004485"),
                        org.assertj.core.groups.Tuple.tuple(
                                TransactionType.TRANSACTION_TYPE_SETTLEMENT, more.getDebitId(), "0.5"));

        TopUpResponse next = wallet.topUp(TopUpRequest.newBuilder()
                .setCustomerId(customer)
                .setAmount(usd("3"))
                .setIdempotencyKey(newKey())
                .build());
        assertThat(next.getShortfallSettled().getAmount())
                .as("billed shortfall is not paid twice")
                .isEqualTo("0");
        assertThat(next.getBalance().getAvailable().getAmount()).isEqualTo("3");
    }
}
