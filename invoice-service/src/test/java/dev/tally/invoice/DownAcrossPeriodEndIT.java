package dev.tally.invoice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tally.common.v1.Money;
import dev.tally.common.v1.TimeRange;
import dev.tally.invoice.fakes.FakeServices;
import dev.tally.invoice.v1.GetSubscriptionRequest;
import dev.tally.invoice.v1.Invoice;
import dev.tally.invoice.v1.InvoiceLine;
import dev.tally.invoice.v1.ListInvoicesRequest;
import dev.tally.invoice.v1.Plan;
import dev.tally.invoice.v1.Subscription;
import dev.tally.support.proto.ProtoTime;
import dev.tally.testing.TestDatabase;
import dev.tally.wallet.v1.DebitRequest;
import dev.tally.wallet.v1.WalletServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * invoice-service down across a period end, against the REAL wallet-service (issue 18, point 4): a
 * CREDITS customer (1,000 credits per month, 0.02 USD per credit beyond) whose invoice-service stops
 * during period 0 and comes back after period 1 has ended too. Meanwhile usage goes on (wallet
 * Debits, as usage-service sends them): a late event of period 0 and an event of period 1, for which
 * no grant exists yet. When the service comes back, each boundary, grant and close happens once, in
 * order: period 1 is opened and its grant made with period 1's own bounds although period 1 has
 * ended (expire_time in the past, which the wallet accepts within its late-grant limit), so period
 * 1's event is paid by period 1's credits; period 0 is closed and bills only period 0's shortfall;
 * then period 1 is closed with nothing owed.
 * <p>
 * Neither side waits for real time: the invoice's clock is moved ({@link TestClock}) and the wallet
 * is started again with its clock moved past period 1's end ({@link FakeServices#restartRealWallet}),
 * then back to the real time for the tests that follow.
 */
@QuarkusTest
class DownAcrossPeriodEndIT extends InvoiceTest {

    private ManagedChannel walletChannel;
    private WalletServiceGrpc.WalletServiceBlockingStub realWallet;

    @BeforeEach
    void openWalletChannel() {
        walletChannel = ManagedChannelBuilder.forAddress("localhost", FakeServices.realWalletPort())
                .usePlaintext()
                .build();
        realWallet = WalletServiceGrpc.newBlockingStub(walletChannel);
    }

    @AfterEach
    void closeWalletChannel() throws InterruptedException {
        walletChannel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    @Test
    void theRenewalTheGrantsAndTheClosesHappenOnceInOrderWhenItComesBack() {
        // period 0 = [S, E0), period 1 = [E0, E1): E0 two days or more ahead (the wallet may still run a
        // day ahead after RealWalletIT), on a day every month has, so months do not clamp
        Instant e0 = Instant.now().plus(Duration.ofDays(2)).truncatedTo(ChronoUnit.SECONDS);
        while (e0.atZone(ZoneOffset.UTC).getDayOfMonth() > 28) {
            e0 = e0.plus(Duration.ofDays(1));
        }
        ZonedDateTime end0 = e0.atZone(ZoneOffset.UTC);
        Instant start = end0.minusMonths(1).toInstant();
        Instant e1 = end0.plusMonths(1).toInstant();

        Plan plan = createPlan(creditsPlan(unique("credits")));
        String customer = createCustomer();
        clock.set(start);
        Subscription sub = subscribe(customer, plan).getSubscription();
        assertThat(sub.getCurrentPeriod()).isEqualTo(range(start, e0));
        String id = sub.getSubscriptionId();

        // 900 of period 0's 1,000 credits used now, inside period 0
        realWallet.debit(event(customer, "900", Instant.now()));

        try {
            // invoice-service is down (its job does not run) while the real time passes E1
            FakeServices.restartRealWallet(Duration.between(Instant.now(), e1).plus(Duration.ofMinutes(1)));
            walletChannel.resetConnectBackoff();
            // a late event of period 0 arrives: period 0's grant pays its last 100, 200 are owed
            realWallet.debit(event(customer, "300", e0.minus(Duration.ofMinutes(1))));
            // an event of period 1, whose grant does not exist yet: 150 owed
            realWallet.debit(event(customer, "150", e0.plus(Duration.ofDays(1))));
            assertThat(walletLong("SELECT shortfall::bigint FROM balance WHERE customer_id = '" + customer
                            + "' AND currency_code = 'CREDITS'"))
                    .isEqualTo(350);

            // invoice-service comes back after period 1 ended, before period 1's grace end
            clock.set(e1.plus(Duration.ofMinutes(1)));
            await("period 0 closed and period 2 opened")
                    .atMost(Duration.ofSeconds(120))
                    .until(() -> {
                        runJob();
                        return currentReference(id).equals(id + "/2")
                                && periodInvoices(customer).size() == 2;
                    });

            // one grant per period, each with its period's bounds; period 1's made after period 1 ended
            assertThat(grant(id + "/0", start, e0)).isEqualTo(1);
            assertThat(grant(id + "/1", e0, e1)).isEqualTo(1);
            assertThat(grant(id + "/2", e1, end0.plusMonths(2).toInstant())).isEqualTo(1);
            assertThat(walletLong("SELECT count(*) FROM wallet_grant WHERE customer_id = '" + customer + "'"))
                    .isEqualTo(3);
            // period 1's event was paid by period 1's credits, never left for period 0's invoice
            assertThat(walletLong("SELECT remaining_amount::bigint FROM wallet_grant WHERE period_reference = '" + id
                            + "/1'"))
                    .isEqualTo(850);

            // period 0's invoice: period 1's base in advance + period 0's 200 credits × 0.02 in arrears
            Invoice closing0 = periodInvoices(customer).get(0);
            assertThat(closing0.getLinesList())
                    .extracting(l -> l.getLineType() + " " + l.getAmount().getAmount())
                    .containsExactly("INVOICE_LINE_TYPE_BASE 20.00", "INVOICE_LINE_TYPE_SHORTFALL 4.00");
            assertThat(closing0.getLinesList())
                    .extracting(InvoiceLine::getServicePeriod)
                    .containsExactly(range(e0, e1), range(start, e0));
            assertThat(closing0.getLines(1).getQuantity()).isEqualTo("200");

            // past period 1's grace: period 1 closes with nothing owed (its event was paid by its grant)
            clock.set(e1.plus(Duration.ofHours(1)).plusSeconds(1));
            await("period 1 closed").atMost(Duration.ofSeconds(120)).until(() -> {
                runJob();
                return periodInvoices(customer).size() == 3;
            });
            Invoice closing1 = periodInvoices(customer).get(0);
            assertThat(closing1.getLinesList())
                    .extracting(l -> l.getLineType() + " " + l.getAmount().getAmount())
                    .containsExactly("INVOICE_LINE_TYPE_BASE 20.00");
            assertThat(closing1.getLines(0).getServicePeriod())
                    .isEqualTo(range(e1, end0.plusMonths(2).toInstant()));
            // the invoices billing period 1: only the one with its base (nothing of its usage was owed)
            assertThat(invoice.listInvoices(ListInvoicesRequest.newBuilder()
                                    .setCustomerId(customer)
                                    .setPeriod(range(e0, e1))
                                    .build())
                            .getInvoicesList())
                    .extracting(Invoice::getInvoiceId)
                    .containsExactly(closing0.getInvoiceId());

            // once each: more runs change nothing
            runJob();
            runJob();
            assertThat(periodInvoices(customer)).hasSize(3);
            assertThat(walletLong("SELECT count(*) FROM wallet_grant WHERE customer_id = '" + customer + "'"))
                    .isEqualTo(3);
            assertThat(walletLong("SELECT count(*) FROM ledger_entry WHERE customer_id = '" + customer
                            + "' AND entry_type = 'SETTLEMENT' AND grant_id IS NULL"))
                    .isEqualTo(1); // period 0's 200, claimed by its invoice; period 1 had nothing to claim
            assertThat(walletLong("SELECT shortfall::bigint FROM balance WHERE customer_id = '" + customer
                            + "' AND currency_code = 'CREDITS'"))
                    .isZero();
            assertThat(periodInvoices(customer))
                    .extracting(Invoice::getInvoiceNumber)
                    .doesNotHaveDuplicates()
                    .allMatch(n -> !n.isEmpty());
        } finally {
            // the wallet back on real time for the tests that follow
            FakeServices.restartRealWallet(Duration.ZERO);
            walletChannel.resetConnectBackoff();
        }
    }

    private String currentReference(String subscriptionId) {
        return invoice.getSubscription(GetSubscriptionRequest.newBuilder()
                        .setSubscriptionId(subscriptionId)
                        .build())
                .getSubscription()
                .getCurrentPeriodReference();
    }

    /** How many wallet grants the period has, in force exactly [start, end). */
    private static long grant(String periodReference, Instant start, Instant end) {
        return walletLong("SELECT count(*) FROM wallet_grant WHERE period_reference = '" + periodReference
                + "' AND effective_time = '" + start + "' AND expire_time = '" + end + "'");
    }

    /** A usage event of {@code credits} that occurred at {@code occurred}, as usage-service sends it. */
    private static DebitRequest event(String customer, String credits, Instant occurred) {
        return DebitRequest.newBuilder()
                .setCustomerId(customer)
                .setAmount(Money.newBuilder().setAmount(credits).setCurrencyCode("CREDITS"))
                .setOccurredTime(ProtoTime.timestamp(occurred))
                .setIdempotencyKey("evt-" + UUID.randomUUID())
                .build();
    }

    private static TimeRange range(Instant start, Instant end) {
        return TimeRange.newBuilder()
                .setStartTime(ProtoTime.timestamp(start))
                .setEndTime(ProtoTime.timestamp(end))
                .build();
    }

    private static long walletLong(String sql) {
        return TestDatabase.get().queryLong(FakeServices.realWalletDatabase(), sql);
    }
}
