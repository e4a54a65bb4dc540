package dev.tally.wallet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.testing.TestDatabase;
import dev.tally.wallet.v1.DebitBatchRequest;
import dev.tally.wallet.v1.DebitBatchResult;
import dev.tally.wallet.v1.DebitRequest;
import dev.tally.wallet.v1.DebitResponse;
import dev.tally.wallet.v1.GrantSource;
import dev.tally.wallet.v1.WalletServiceGrpc;
import io.quarkus.test.junit.QuarkusTest;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * 8 concurrent clients x 500 debits on one wallet, 20% of them sent twice - half
 * of those at the same instant (two identical calls in flight together), half as a retry after the
 * answer. Each key is debited exactly once, the final balance is exact to the last digit, and the
 * ledger equals the balance (checked after every test).
 */
@QuarkusTest
class ConcurrentDebitTest extends WalletTest {

    private static final int CLIENTS = 8;
    private static final int DEBITS_PER_CLIENT = 500;
    private static final BigDecimal GRANTED = new BigDecimal("1000000");

    @Test
    void eightClientsDebitingOneWalletDebitEachKeyExactlyOnce() throws Exception {
        String customer = newCustomer();
        grant(customer, credits(GRANTED.toPlainString()), GrantSource.GRANT_SOURCE_PACK, null);
        List<List<DebitRequest>> debits = debitsPerClient(List.of(customer), new Random(42));
        WalletServiceGrpc.WalletServiceFutureStub inFlight = WalletServiceGrpc.newFutureStub(channel);

        List<DebitResponse> responses = runClients(debits, clientDebits -> () -> {
            List<DebitResponse> answers = new ArrayList<>();
            for (int i = 0; i < clientDebits.size(); i++) {
                DebitRequest request = clientDebits.get(i);
                if (i % 10 == 0) {
                    var first = inFlight.debit(request);
                    var second = inFlight.debit(request);
                    answers.add(first.get(30, TimeUnit.SECONDS));
                    answers.add(second.get(30, TimeUnit.SECONDS));
                } else {
                    answers.add(wallet.debit(request));
                    if (i % 10 == 5) {
                        answers.add(wallet.debit(request));
                    }
                }
            }
            return answers;
        });

        assertThat(responses).hasSize(CLIENTS * DEBITS_PER_CLIENT * 6 / 5);
        assertThat(responses).filteredOn(DebitResponse::getDuplicate).hasSize(CLIENTS * DEBITS_PER_CLIENT / 5);
        assertThat(responses.stream()
                        .filter(r -> !r.getDuplicate())
                        .map(DebitResponse::getDebitId)
                        .distinct())
                .hasSize(CLIENTS * DEBITS_PER_CLIENT);
        assertEachKeyDebitedOnceAndBalancesExact(debits);
        assertThat(balance(customer, "CREDITS").getVersion()).isEqualTo(1 + CLIENTS * DEBITS_PER_CLIENT);
    }

    @Test
    void eightClientsSendingOverlappingBatchesOverThreeWalletsDebitEachKeyExactlyOnce() throws Exception {
        List<String> customers = List.of(newCustomer(), newCustomer(), newCustomer());
        customers.forEach(c -> grant(c, credits(GRANTED.toPlainString()), GrantSource.GRANT_SOURCE_PACK, null));
        List<List<DebitRequest>> debits = debitsPerClient(customers, new Random(7));

        List<DebitResponse> responses = runClients(debits, clientDebits -> () -> {
            // batches of 25; every fifth debit is sent again in the client's next batch
            List<DebitResponse> answers = new ArrayList<>();
            List<DebitRequest> resend = new ArrayList<>();
            for (int from = 0; from < clientDebits.size(); from += 25) {
                List<DebitRequest> batch = new ArrayList<>(resend);
                batch.addAll(clientDebits.subList(from, from + 25));
                resend = batch.subList(resend.size(), batch.size()).stream()
                        .filter(d -> clientDebits.indexOf(d) % 5 == 0)
                        .toList();
                Collections.shuffle(batch, new Random(from));
                for (DebitBatchResult result : wallet.debitBatch(DebitBatchRequest.newBuilder()
                                .addAllDebits(batch)
                                .build())
                        .getResultsList()) {
                    assertThat(result.hasDebit())
                            .as("no item fails: %s", result)
                            .isTrue();
                    answers.add(result.getDebit());
                }
            }
            resend.forEach(d -> answers.add(wallet.debit(d)));
            return answers;
        });

        assertThat(responses).filteredOn(DebitResponse::getDuplicate).hasSize(CLIENTS * DEBITS_PER_CLIENT / 5);
        assertEachKeyDebitedOnceAndBalancesExact(debits);
    }

    /** 500 debits per client with random exact amounts such as 3.0004485 over the given customers. */
    private static List<List<DebitRequest>> debitsPerClient(List<String> customers, Random random) {
        List<List<DebitRequest>> perClient = new ArrayList<>();
        for (int client = 0; client < CLIENTS; client++) {
            List<DebitRequest> debits = new ArrayList<>();
            for (int i = 0; i < DEBITS_PER_CLIENT; i++) {
                BigDecimal amount = BigDecimal.valueOf(random.nextInt(10))
                        .add(BigDecimal.valueOf(1 + random.nextInt(9_999_999), 7));
                debits.add(debitRequest(
                        customers.get(random.nextInt(customers.size())),
                        credits(amount.toPlainString()),
                        "client" + client + "-debit" + i));
            }
            perClient.add(debits);
        }
        return perClient;
    }

    /** Starts every client at once; returns all their answers. */
    private static List<DebitResponse> runClients(
            List<List<DebitRequest>> debits, Function<List<DebitRequest>, Callable<List<DebitResponse>>> client)
            throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(CLIENTS);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<List<DebitResponse>>> running = new ArrayList<>();
            for (List<DebitRequest> clientDebits : debits) {
                Callable<List<DebitResponse>> work = client.apply(clientDebits);
                running.add(threads.submit(() -> {
                    start.await();
                    return work.call();
                }));
            }
            start.countDown();
            List<DebitResponse> responses = new ArrayList<>();
            for (Future<List<DebitResponse>> answers : running) {
                responses.addAll(answers.get(5, TimeUnit.MINUTES));
            }
            return responses;
        } finally {
            threads.shutdownNow();
        }
    }

    private void assertEachKeyDebitedOnceAndBalancesExact(List<List<DebitRequest>> debits) {
        Map<String, BigDecimal> expected = new HashMap<>();
        debits.stream()
                .flatMap(List::stream)
                .forEach(d -> expected.merge(
                        d.getCustomerId(), new BigDecimal(d.getAmount().getAmount()), BigDecimal::add));
        expected.forEach((customer, debited) -> {
            assertThat(new BigDecimal(
                            balance(customer, "CREDITS").getAvailable().getAmount()))
                    .as("balance of %s = granted - every distinct debit", customer)
                    .isEqualByComparingTo(GRANTED.subtract(debited));
            String ofCustomer = "FROM ledger_entry WHERE customer_id = '" + customer + "' AND entry_type = 'DEBIT'";
            assertThat(
                            TestDatabase.get()
                                    .queryLong(
                                            database(),
                                            "SELECT count(*) FROM (SELECT idempotency_key " + ofCustomer
                                                    + " GROUP BY idempotency_key HAVING count(DISTINCT operation_id) > 1) twice"))
                    .as("keys debited more than once")
                    .isZero();
            assertThat(TestDatabase.get().queryLong(database(), "SELECT count(DISTINCT idempotency_key) " + ofCustomer))
                    .isEqualTo(debits.stream()
                            .flatMap(List::stream)
                            .filter(d -> d.getCustomerId().equals(customer))
                            .count());
        });
    }
}
