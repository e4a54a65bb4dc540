package dev.tally.wallet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.common.v1.FieldViolation;
import dev.tally.support.error.Reason;
import dev.tally.testing.TestDatabase;
import dev.tally.wallet.v1.DebitBatchRequest;
import dev.tally.wallet.v1.DebitBatchResponse;
import dev.tally.wallet.v1.DebitBatchResult;
import dev.tally.wallet.v1.DebitRequest;
import dev.tally.wallet.v1.GrantSource;
import io.grpc.Status;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** DebitBatch: per-item results in request order, one transaction, one balance update per wallet. */
@QuarkusTest
class DebitBatchTest extends WalletTest {

    @Test
    void badItemsGetTheirOwnErrorAndTheOthersProceed() {
        String alice = newCustomer();
        String bob = newCustomer();
        String carol = newCustomer();
        grant(alice, credits("10"), GrantSource.GRANT_SOURCE_PACK, null);
        grant(bob, usd("10"), GrantSource.GRANT_SOURCE_TOP_UP, null);
        String repeated = newKey();
        DebitBatchRequest request = DebitBatchRequest.newBuilder()
                .addDebits(debitRequest(alice, credits("1"), repeated)) // 0 applied
                .addDebits(debitRequest(alice, credits("-1"), newKey())) // 1 invalid amount
                .addDebits(debitRequest(carol, credits("1"), newKey())) // 2 opens carol's wallet
                .addDebits(debitRequest(bob, credits("1"), newKey())) // 3 opens bob's CREDITS
                .addDebits(debitRequest(alice, credits("1"), repeated)) // 4 replay of 0
                .addDebits(debitRequest(alice, credits("2"), repeated)) // 5 key reused
                .addDebits(debitRequest(bob, usd("2.5"), newKey())) // 6 applied
                .build();

        List<DebitBatchResult> results = wallet.debitBatch(request).getResultsList();

        assertThat(results).hasSize(7);
        assertThat(results.get(0).getDebit().getBalanceAfter().getAmount()).isEqualTo("9");
        assertThat(results.get(1).getError().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT.value());
        assertThat(results.get(1).getError().getReason()).isEqualTo(Reason.VALIDATION_FAILED.name());
        assertThat(results.get(1).getError().getFieldViolationsList())
                .extracting(FieldViolation::getField)
                .containsExactly("amount.amount");
        // a debit never needs a prior grant: the whole amount is owed (unbilled: available stays 0)
        assertThat(results.get(2).getDebit().getShortfall().getAmount()).isEqualTo("1");
        assertThat(results.get(2).getDebit().getBalanceAfter().getAmount()).isEqualTo("0");
        assertThat(results.get(3).getDebit().getShortfall().getAmount()).isEqualTo("1");
        assertThat(results.get(4).getDebit().getDuplicate()).isTrue();
        assertThat(results.get(4).getDebit().getDebitId())
                .isEqualTo(results.get(0).getDebit().getDebitId());
        assertThat(results.get(5).getError().getReason()).isEqualTo(Reason.IDEMPOTENCY_KEY_REUSED.name());
        assertThat(results.get(5).getError().getMetadataMap()).containsEntry("idempotency_key", repeated);
        assertThat(results.get(6).getDebit().getBalanceAfter().getAmount()).isEqualTo("7.5");
        assertThat(balance(alice, "CREDITS").getAvailable().getAmount()).isEqualTo("9");
        assertThat(balance(bob, "USD").getAvailable().getAmount()).isEqualTo("7.5");
        assertThat(balance(bob, "CREDITS").getShortfall().getAmount()).isEqualTo("1");
        // carol has no grant: her 1 is unbilled shortfall, available stays 0
        assertThat(balance(carol, "CREDITS").getAvailable().getAmount()).isEqualTo("0");
        assertThat(balance(carol, "CREDITS").getUnbilledShortfall().getAmount()).isEqualTo("1");
    }

    @Test
    void aRetriedBatchChangesNothing() {
        String customer = newCustomer();
        grant(customer, credits("100"), GrantSource.GRANT_SOURCE_PACK, null);
        DebitBatchRequest.Builder batch = DebitBatchRequest.newBuilder();
        for (int i = 0; i < 50; i++) {
            batch.addDebits(debitRequest(customer, credits("0.01"), newKey()));
        }
        DebitBatchResponse first = wallet.debitBatch(batch.build());
        long entries = LedgerInvariant.entryCount(database());

        DebitBatchResponse retried = wallet.debitBatch(batch.build());

        assertThat(retried.getResultsList())
                .allSatisfy(r -> assertThat(r.getDebit().getDuplicate()).isTrue());
        assertThat(retried.getResults(49).getDebit().getBalanceAfter())
                .isEqualTo(first.getResults(49).getDebit().getBalanceAfter());
        assertThat(LedgerInvariant.entryCount(database())).isEqualTo(entries);
        assertThat(balance(customer, "CREDITS").getAvailable().getAmount()).isEqualTo("99.5");
    }

    @Test
    void oneBalanceUpdatePerWalletPerBatch() {
        List<String> customers = List.of(newCustomer(), newCustomer(), newCustomer());
        customers.forEach(c -> grant(c, credits("1000"), GrantSource.GRANT_SOURCE_PACK, null));
        List<DebitRequest> debits = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            debits.add(debitRequest(customers.get(i % 3), credits("1.5"), newKey()));
        }
        TestDatabase db = TestDatabase.get();
        db.executeIn(database(), "CREATE TABLE test_balance_update (customer_id TEXT)");
        db.executeIn(
                database(),
                "CREATE FUNCTION test_count_balance_update() RETURNS trigger LANGUAGE plpgsql AS "
                        + "$$ BEGIN INSERT INTO test_balance_update VALUES (NEW.customer_id); RETURN NEW; END $$");
        db.executeIn(
                database(),
                "CREATE TRIGGER test_count_balance_update AFTER UPDATE ON balance FOR EACH ROW "
                        + "EXECUTE FUNCTION test_count_balance_update()");
        try {
            DebitBatchResponse response = wallet.debitBatch(
                    DebitBatchRequest.newBuilder().addAllDebits(debits).build());

            assertThat(response.getResultsList())
                    .allSatisfy(r -> assertThat(r.hasDebit()).isTrue());
            assertThat(db.queryLong(database(), "SELECT count(*) FROM test_balance_update"))
                    .isEqualTo(3);
            // each wallet: 100 debits of 1.5 -> 1000 - 150 = 850, version 1 + 100
            customers.forEach(c -> {
                assertThat(balance(c, "CREDITS").getAvailable().getAmount()).isEqualTo("850");
                assertThat(balance(c, "CREDITS").getVersion()).isEqualTo(101);
            });
            assertThat(response.getResults(299).getDebit().getBalanceVersion()).isEqualTo(101);
        } finally {
            db.executeIn(database(), "DROP TRIGGER test_count_balance_update ON balance");
            db.executeIn(database(), "DROP FUNCTION test_count_balance_update()");
            db.executeIn(database(), "DROP TABLE test_balance_update");
        }
    }
}
