package dev.tally.wallet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.tally.wallet.v1.GrantSource;
import dev.tally.wallet.v1.ListTransactionsRequest;
import dev.tally.wallet.v1.ListTransactionsResponse;
import dev.tally.wallet.v1.Transaction;
import dev.tally.wallet.v1.TransactionType;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ListTransactions pages through the ledger in order (or reversed) with filters. */
@QuarkusTest
class ListTransactionsTest extends WalletTest {

    @Test
    void pagesThroughTheWholeLedgerInEitherOrder() {
        String customer = newCustomer();
        grant(customer, credits("100"), GrantSource.GRANT_SOURCE_PACK, null);
        for (int i = 1; i <= 9; i++) {
            debit(customer, credits(String.valueOf(i)));
        }
        ListTransactionsRequest request = ListTransactionsRequest.newBuilder()
                .setCustomerId(customer)
                .setPageSize(4)
                .build();

        List<Transaction> ascending = readAll(request);
        List<Transaction> descending =
                readAll(request.toBuilder().setDescending(true).build());

        assertThat(ascending).hasSize(10);
        assertThat(ascending)
                .extracting(t -> t.getBalanceAfter().getAmount())
                .containsExactly("100", "99", "97", "94", "90", "85", "79", "72", "64", "55");
        List<Transaction> reversed = new ArrayList<>(ascending);
        Collections.reverse(reversed);
        assertThat(descending).containsExactlyElementsOf(reversed);
    }

    @Test
    void filtersByTypeUnitAndReference() {
        String customer = newCustomer();
        grant(customer, credits("5"), GrantSource.GRANT_SOURCE_PACK, null);
        grant(customer, usd("5"), GrantSource.GRANT_SOURCE_TOP_UP, null);
        wallet.debit(debitRequest(customer, credits("7"), "evt-1")); // DEBIT 5 + SHORTFALL 2
        debit(customer, usd("1"));

        assertThat(wallet.listTransactions(ListTransactionsRequest.newBuilder()
                                .setCustomerId(customer)
                                .addTypes(TransactionType.TRANSACTION_TYPE_DEBIT)
                                .addTypes(TransactionType.TRANSACTION_TYPE_SHORTFALL)
                                .setCurrencyCode("CREDITS")
                                .build())
                        .getTransactionsList())
                .extracting(Transaction::getType, t -> t.getAmount().getAmount())
                .containsExactly(
                        tuple(TransactionType.TRANSACTION_TYPE_DEBIT, "5"),
                        tuple(TransactionType.TRANSACTION_TYPE_SHORTFALL, "2"));
        assertThat(wallet.listTransactions(ListTransactionsRequest.newBuilder()
                                .setCustomerId(customer)
                                .setReference("evt-evt-1")
                                .build())
                        .getTransactionsList())
                .extracting(Transaction::getIdempotencyKey)
                .containsOnly("evt-1")
                .hasSize(2);
        assertThat(wallet.listTransactions(ListTransactionsRequest.newBuilder()
                                .setCustomerId(customer)
                                .setCurrencyCode("USD")
                                .build())
                        .getTransactionsList())
                .hasSize(2);
    }

    private List<Transaction> readAll(ListTransactionsRequest first) {
        List<Transaction> all = new ArrayList<>();
        ListTransactionsRequest request = first;
        while (true) {
            ListTransactionsResponse page = wallet.listTransactions(request);
            assertThat(page.getTransactionsCount()).isLessThanOrEqualTo(first.getPageSize());
            all.addAll(page.getTransactionsList());
            if (page.getNextPageToken().isEmpty()) {
                return all;
            }
            request = first.toBuilder().setPageToken(page.getNextPageToken()).build();
        }
    }
}
