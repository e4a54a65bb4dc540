package dev.tally.wallet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.tally.wallet.v1.Balance;
import dev.tally.wallet.v1.DebitResponse;
import dev.tally.wallet.v1.GrantConsumption;
import dev.tally.wallet.v1.GrantCreditsResponse;
import dev.tally.wallet.v1.GrantSource;
import dev.tally.wallet.v1.ListTransactionsRequest;
import dev.tally.wallet.v1.Transaction;
import dev.tally.wallet.v1.TransactionType;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Through the API: the worked grant-order example (arithmetic in
 * {@link dev.tally.wallet.domain.BalanceBookTest#theWorkedGrantOrderExample()}).
 */
@QuarkusTest
class WorkedExampleTest extends WalletTest {

    @Test
    void subscriptionPackAndPromoAreConsumedInOrderAndAShortfallIsPaidByTheNextPack() {
        String customer = newCustomer();
        Instant periodEnd = Instant.now().plus(Duration.ofDays(30));
        String subscription = grant(customer, credits("1000"), GrantSource.GRANT_SOURCE_SUBSCRIPTION, periodEnd)
                .getGrant()
                .getGrantId();
        String pack = grant(customer, credits("500"), GrantSource.GRANT_SOURCE_PACK, null)
                .getGrant()
                .getGrantId();
        String promo = grant(
                        customer, credits("100"), GrantSource.GRANT_SOURCE_PROMO, periodEnd.minus(Duration.ofDays(10)))
                .getGrant()
                .getGrantId();

        DebitResponse first = debit(customer, credits("1200"));
        assertThat(first.getConsumptionsList())
                .extracting(
                        GrantConsumption::getGrantId,
                        c -> c.getAmount().getAmount(),
                        c -> c.getRemainingAfter().getAmount())
                .containsExactly(tuple(promo, "100", "0"), tuple(subscription, "1000", "0"), tuple(pack, "100", "400"));
        assertThat(first.getCovered().getAmount()).isEqualTo("1200");
        assertThat(first.getShortfall().getAmount()).isEqualTo("0");
        assertThat(first.getBalanceAfter().getAmount()).isEqualTo("400");

        DebitResponse second = debit(customer, credits("450"));
        assertThat(second.getConsumptionsList())
                .extracting(
                        GrantConsumption::getGrantId,
                        c -> c.getAmount().getAmount(),
                        c -> c.getRemainingAfter().getAmount())
                .containsExactly(tuple(pack, "400", "0"));
        assertThat(second.getCovered().getAmount()).isEqualTo("400");
        assertThat(second.getShortfall().getAmount()).isEqualTo("50");
        assertThat(second.getBalanceAfter().getAmount()).isEqualTo("-50");
        Balance owing = balance(customer, "CREDITS");
        assertThat(owing.getAvailable().getAmount()).isEqualTo("-50");
        assertThat(owing.getShortfall().getAmount()).isEqualTo("50");
        assertThat(owing.getGrantsList()).isEmpty();

        GrantCreditsResponse newPack = grant(customer, credits("500"), GrantSource.GRANT_SOURCE_PACK, null);
        assertThat(newPack.getShortfallSettled().getAmount()).isEqualTo("50");
        assertThat(newPack.getGrant().getRemainingAmount().getAmount()).isEqualTo("450");
        Balance settled = balance(customer, "CREDITS");
        assertThat(settled.getAvailable().getAmount()).isEqualTo("450");
        assertThat(settled.getShortfall().getAmount()).isEqualTo("0");
        assertThat(settled.getGranted().getAmount()).isEqualTo("450");
        assertThat(settled.getVersion()).isEqualTo(6);

        assertThat(wallet.listTransactions(ListTransactionsRequest.newBuilder()
                                .setCustomerId(customer)
                                .build())
                        .getTransactionsList())
                .extracting(
                        Transaction::getType,
                        t -> t.getAmount().getAmount(),
                        t -> t.getBalanceAfter().getAmount())
                .containsExactly(
                        tuple(TransactionType.TRANSACTION_TYPE_GRANT, "1000", "1000"),
                        tuple(TransactionType.TRANSACTION_TYPE_GRANT, "500", "1500"),
                        tuple(TransactionType.TRANSACTION_TYPE_GRANT, "100", "1600"),
                        tuple(TransactionType.TRANSACTION_TYPE_DEBIT, "100", "1500"),
                        tuple(TransactionType.TRANSACTION_TYPE_DEBIT, "1000", "500"),
                        tuple(TransactionType.TRANSACTION_TYPE_DEBIT, "100", "400"),
                        tuple(TransactionType.TRANSACTION_TYPE_DEBIT, "400", "0"),
                        tuple(TransactionType.TRANSACTION_TYPE_SHORTFALL, "50", "-50"),
                        tuple(TransactionType.TRANSACTION_TYPE_GRANT, "500", "450"),
                        tuple(TransactionType.TRANSACTION_TYPE_SETTLEMENT, "50", "450"));
    }
}
