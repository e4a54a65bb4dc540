package dev.tally.wallet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.testing.TestDatabase;
import dev.tally.wallet.v1.Balance;
import dev.tally.wallet.v1.DebitBatchRequest;
import dev.tally.wallet.v1.DebitResponse;
import dev.tally.wallet.v1.ListTransactionsRequest;
import dev.tally.wallet.v1.TopUpRequest;
import dev.tally.wallet.v1.TopUpResponse;
import dev.tally.wallet.v1.Transaction;
import dev.tally.wallet.v1.TransactionType;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * A debit never needs a prior grant: the first debit of a customer (a $0-base BALANCE plan) opens
 * the wallet and owes the whole amount, and a later top-up pays it.
 */
@QuarkusTest
class FirstDebitTest extends WalletTest {

    @Test
    void theFirstDebitOfAnUnknownCustomerOpensTheWalletAndOwesEverything() {
        String customer = newCustomer();
        DebitResponse first = debit(customer, usd("0.0375"));
        // no grant: covered 0, shortfall 0.0375, all unbilled (no grant in force would pay it):
        // available 0 - (0.0375 - 0.0375) = 0
        assertThat(first.getCovered().getAmount()).isEqualTo("0");
        assertThat(first.getShortfall().getAmount()).isEqualTo("0.0375");
        assertThat(first.getBalanceAfter().getAmount()).isEqualTo("0");
        assertThat(first.getBalanceVersion()).isEqualTo(1);

        Balance balance = balance(customer, "USD");
        assertThat(balance.getShortfall().getAmount()).isEqualTo("0.0375");
        assertThat(balance.getUnbilledShortfall().getAmount()).isEqualTo("0.0375");
        assertThat(balance.getVersion()).isEqualTo(1);
        assertThat(wallet.listTransactions(ListTransactionsRequest.newBuilder()
                                .setCustomerId(customer)
                                .build())
                        .getTransactionsList())
                .extracting(Transaction::getType, Transaction::getDebitId)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(
                        TransactionType.TRANSACTION_TYPE_SHORTFALL, first.getDebitId()));

        TopUpResponse topUp = wallet.topUp(TopUpRequest.newBuilder()
                .setCustomerId(customer)
                .setAmount(usd("10"))
                .setIdempotencyKey(newKey())
                .build());
        // the top-up pays it: 10 - 0.0375 = 9.9625
        assertThat(topUp.getShortfallSettled().getAmount()).isEqualTo("0.0375");
        assertThat(topUp.getBalance().getAvailable().getAmount()).isEqualTo("9.9625");
    }

    @Test
    void concurrentFirstDebitsOfOneNewCustomerOpenOneWallet() throws Exception {
        String customer = newCustomer();
        List<CompletableFuture<DebitResponse>> calls = java.util.stream.IntStream.range(0, 8)
                .mapToObj(i -> CompletableFuture.supplyAsync(
                        () -> wallet.debit(debitRequest(customer, credits("1"), newKey()))))
                .toList();
        for (CompletableFuture<DebitResponse> call : calls) {
            assertThat(call.get().getShortfall().getAmount()).isEqualTo("1");
        }
        wallet.debitBatch(DebitBatchRequest.newBuilder()
                .addDebits(debitRequest(customer, credits("2"), newKey()))
                .addDebits(debitRequest(newCustomer(), credits("2"), newKey()))
                .build());
        assertThat(balance(customer, "CREDITS").getShortfall().getAmount()).isEqualTo("10");
        assertThat(balance(customer, "CREDITS").getVersion()).isEqualTo(9);
        assertThat(TestDatabase.get()
                        .queryLong(database(), "SELECT count(*) FROM wallet WHERE customer_id = '" + customer + "'"))
                .isEqualTo(1);
    }
}
