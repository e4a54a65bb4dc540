package dev.tally.invoice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tally.common.v1.Money;
import dev.tally.invoice.fakes.FakeServices;
import dev.tally.invoice.v1.BillingInterval;
import dev.tally.invoice.v1.GetInvoiceRequest;
import dev.tally.invoice.v1.Invoice;
import dev.tally.invoice.v1.InvoiceKind;
import dev.tally.invoice.v1.ListInvoicesRequest;
import dev.tally.invoice.v1.Plan;
import dev.tally.invoice.v1.PurchaseCreditPackRequest;
import dev.tally.invoice.v1.Subscription;
import dev.tally.invoice.v1.TopUpRequest;
import dev.tally.support.proto.ProtoTime;
import dev.tally.testing.TestDatabase;
import dev.tally.testing.Waits;
import dev.tally.wallet.v1.Balance;
import dev.tally.wallet.v1.DebitBatchRequest;
import dev.tally.wallet.v1.DebitRequest;
import dev.tally.wallet.v1.GetBalanceRequest;
import dev.tally.wallet.v1.Grant;
import dev.tally.wallet.v1.GrantSource;
import dev.tally.wallet.v1.WalletServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.quarkus.test.junit.QuarkusTest;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Acceptance 3, 4 and 5 against the REAL wallet-service (the packaged jar, its own process and
 * database; started by {@link FakeServices} in the failsafe run). Usage is simulated as
 * usage-service would send it: wallet Debits carrying the event's occurred_time.
 * <p>
 * The wallet keeps its own time (a grant must expire in the future when made; a period is settled
 * and expired only once it has ended), so the period under test is placed around the real now:
 * period 0 is [E − 1 interval, E) with E a day ahead, the usage happens now (inside it), the
 * invoice's clock is moved to E for the renewal, then the wallet is started again with its clock
 * just past E ({@link FakeServices#restartRealWallet}: no waiting for real time) and the invoice's
 * clock is moved past E's grace for the close. The three examples share E, so the wallet is
 * restarted once.
 */
@QuarkusTest
class RealWalletIT extends InvoiceTest {

    /** How far ahead of the real now period 0 ends: time enough for everything that must happen before. */
    private static final Duration BEFORE_END = Duration.ofDays(1);
    /** Where the wallet's clock stands after its restart for the close: this much past E. */
    private static final Duration WALLET_PAST_END = Duration.ofMinutes(1);

    private ManagedChannel walletChannel;
    private WalletServiceGrpc.WalletServiceBlockingStub realWallet;
    private Instant end;
    private BillingInterval interval;

    @BeforeEach
    void placePeriodZeroAroundNow() {
        walletChannel = ManagedChannelBuilder.forAddress("localhost", FakeServices.realWalletPort())
                .usePlaintext()
                .build();
        realWallet = WalletServiceGrpc.newBlockingStub(walletChannel);
        end = Instant.now().plus(BEFORE_END).truncatedTo(ChronoUnit.SECONDS);
        ZonedDateTime e = end.atZone(ZoneOffset.UTC);
        // a month back and forth again lands on E unless E is on a day a shorter month lacks
        interval = e.minusMonths(1).plusMonths(1).equals(e)
                ? BillingInterval.BILLING_INTERVAL_MONTH
                : BillingInterval.BILLING_INTERVAL_YEAR;
    }

    @AfterEach
    void closeWalletChannel() throws InterruptedException {
        walletChannel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    /**
     * The three examples share one period end E, so the wallet's clock is moved past E once: each
     * runs its part before E, then all are renewed at E, then each checks the renewal, then period 0
     * of all three is closed past E's grace and each checks its closing invoice.
     */
    @Test
    void creditsBalanceAndZeroBaseExamplesAroundOneRealPeriodEnd() {
        List<AroundTheEnd> examples = List.of(
                new CreditsPackRenewalAndALateEvent(),
                new BalanceCoveredThenAShortfallBilledOnce(),
                new ZeroBaseBillsUsageAsOverage());
        examples.forEach(AroundTheEnd::beforeEnd);
        renewAtE();
        examples.forEach(AroundTheEnd::afterRenewal);
        closePeriodZero();
        examples.forEach(AroundTheEnd::afterClose);
    }

    /** One example in the three phases the shared period end E imposes. */
    private interface AroundTheEnd {
        /** Before E in real time. */
        void beforeEnd();

        /** After the renewal at E (the invoice's clock at E), the wallet's still before E. */
        default void afterRenewal() {}

        /** After period 0 closed: the wallet's clock past E, the invoice's past its grace. */
        void afterClose();
    }

    /** Acceptance 3: 1,000 credits/period; image 10, text 2, voice 25; a 500-credit pack. */
    private final class CreditsPackRenewalAndALateEvent implements AroundTheEnd {
        private String customer;
        private Subscription sub;

        @Override
        public void beforeEnd() {
            Plan plan = createPlan(withInterval(creditsPlan(unique("credits"))));
            customer = createCustomer();
            sub = subscribeEndingAtE(customer, plan);

            clock.set(Instant.now());
            invoice.purchaseCreditPack(PurchaseCreditPackRequest.newBuilder()
                    .setIdempotencyKey(key())
                    .setCustomerId(customer)
                    .setCreditPackCode("pack_500")
                    .build());
            // 60 images + 150 texts + 8 voice = 600 + 300 + 200 = 1,100 credits, now (inside period 0)
            DebitBatchRequest.Builder usage = DebitBatchRequest.newBuilder();
            addEvents(usage, customer, 60, "10");
            addEvents(usage, customer, 150, "2");
            addEvents(usage, customer, 8, "25");
            assertThat(realWallet.debitBatch(usage.build()).getResultsList()).allMatch(r -> r.hasDebit());

            Balance afterUsage = creditBalance(customer);
            assertThat(amount(afterUsage.getShortfall())).isZero();
            assertThat(remaining(afterUsage, GrantSource.GRANT_SOURCE_SUBSCRIPTION, sub, 0))
                    .isEqualByComparingTo("0");
            assertThat(remaining(afterUsage, GrantSource.GRANT_SOURCE_PACK, null, -1))
                    .isEqualByComparingTo("400");
        }

        @Override
        public void afterRenewal() {
            // the renewal at E: period 1's 1,000 credits, in force from E; the pack's 400 stay
            Balance renewed = creditBalance(customer);
            assertThat(remaining(renewed, GrantSource.GRANT_SOURCE_SUBSCRIPTION, sub, 1))
                    .isEqualByComparingTo("1000");
            assertThat(remaining(renewed, GrantSource.GRANT_SOURCE_PACK, null, -1))
                    .isEqualByComparingTo("400");

            // a late text event of period 0 (occurred before E) arrives after the renewal: period 0's
            // credits pay it (its subscription credits are used up, the pack is in force then), never period 1's
            realWallet.debit(event(customer, "2"));
            Balance late = creditBalance(customer);
            assertThat(remaining(late, GrantSource.GRANT_SOURCE_SUBSCRIPTION, sub, 1))
                    .isEqualByComparingTo("1000");
            assertThat(remaining(late, GrantSource.GRANT_SOURCE_PACK, null, -1)).isEqualByComparingTo("398");
        }

        @Override
        public void afterClose() {
            Invoice renewal = renewalOf(customer);
            assertThat(lines(renewal)).containsExactly("INVOICE_LINE_TYPE_BASE 20.00"); // nothing owed for period 0
            Balance next = creditBalance(customer);
            // the unused subscription credits of period 0 are gone; period 1 has 1,000 + the pack's 398
            assertThat(next.getGrantsList())
                    .noneMatch(g -> g.getPeriodReference().equals(sub.getSubscriptionId() + "/0")
                            && amount(g.getRemainingAmount()).signum() > 0);
            assertThat(amount(next.getAvailable())).isEqualByComparingTo("1398");
        }
    }

    /** Acceptance 4: $50/month, 20% margin on ai_chat, a $25 top-up. */
    private final class BalanceCoveredThenAShortfallBilledOnce implements AroundTheEnd {
        private String customer;
        private Subscription sub;

        @Override
        public void beforeEnd() {
            Plan plan = createPlan(withInterval(balancePlan(unique("balance"), "50")));
            customer = createCustomer();
            sub = subscribeEndingAtE(customer, plan);

            clock.set(Instant.now());
            invoice.topUp(TopUpRequest.newBuilder()
                    .setIdempotencyKey(key())
                    .setCustomerId(customer)
                    .setAmount(usd("25"))
                    .build());
            // token usage of catalog cost $62.50 is charged 62.50 × 1.2 = $75.00: the $50 balance + the $25 top-up
            realWallet.debit(event(customer, "75.00", "USD"));
            assertThat(amount(usdBalance(customer).getShortfall())).isZero();
            assertThat(amount(usdBalance(customer).getAvailable())).isZero();
            // $5.00 more raw spend is charged 5.00 × 1.2 = $6.00, which nothing covers
            realWallet.debit(event(customer, "6.00", "USD"));
            assertThat(amount(usdBalance(customer).getShortfall())).isEqualByComparingTo("6");
        }

        @Override
        public void afterRenewal() {
            // period 1's $50 grant does not pay period 0's $6
            assertThat(amount(usdBalance(customer).getShortfall())).isEqualByComparingTo("6");
            assertThat(remaining(usdBalance(customer), GrantSource.GRANT_SOURCE_PERIOD_BALANCE, sub, 1))
                    .isEqualByComparingTo("50");
        }

        @Override
        public void afterClose() {
            Invoice renewal = renewalOf(customer);
            assertThat(lines(renewal))
                    .containsExactly("INVOICE_LINE_TYPE_BASE 50.00", "INVOICE_LINE_TYPE_SHORTFALL 6.00");
            assertThat(renewal.getTotal().getAmount()).isEqualTo("56.00");
            Balance after = usdBalance(customer);
            assertThat(amount(after.getShortfall())).isZero(); // claimed by the invoice
            assertThat(remaining(after, GrantSource.GRANT_SOURCE_PERIOD_BALANCE, sub, 1))
                    .isEqualByComparingTo("50");
            assertThat(amount(after.getAvailable())).isEqualByComparingTo("50");

            runJob(); // billed once
            assertThat(renewalOf(customer).getInvoiceNumber()).isEqualTo(renewal.getInvoiceNumber());
            assertThat(walletCount("SELECT count(*) FROM ledger_entry WHERE customer_id = '" + customer
                            + "' AND entry_type = 'SETTLEMENT' AND grant_id IS NULL"))
                    .isEqualTo(1);
        }
    }

    /** Acceptance 5: a $0-base BALANCE plan grants nothing; the usage is billed as overage. */
    private final class ZeroBaseBillsUsageAsOverage implements AroundTheEnd {
        private String customer;

        @Override
        public void beforeEnd() {
            Plan plan = createPlan(withInterval(balancePlan(unique("payg"), "0")));
            customer = createCustomer();
            subscribeEndingAtE(customer, plan);
            realWallet.debit(event(customer, "3.456", "USD"));
        }

        @Override
        public void afterClose() {
            assertThat(lines(renewalOf(customer)))
                    .containsExactly("INVOICE_LINE_TYPE_BASE 0.00", "INVOICE_LINE_TYPE_SHORTFALL 3.46");
            assertThat(walletCount("SELECT count(*) FROM wallet_grant WHERE customer_id = '" + customer + "'"))
                    .isZero();
        }
    }

    private Plan withInterval(Plan plan) {
        return plan.toBuilder().setBillingInterval(interval).build();
    }

    /** Subscribes with period 0 = [E − 1 interval, E). */
    private Subscription subscribeEndingAtE(String customer, Plan plan) {
        ZonedDateTime e = end.atZone(ZoneOffset.UTC);
        clock.set(
                (interval == BillingInterval.BILLING_INTERVAL_MONTH ? e.minusMonths(1) : e.minusYears(1)).toInstant());
        Subscription sub = subscribe(customer, plan).getSubscription();
        assertThat(sub.getCurrentPeriod().getEndTime().getSeconds()).isEqualTo(end.getEpochSecond());
        return sub;
    }

    private void renewAtE() {
        assertThat(Instant.now())
                .as("the test reached the renewal before period 0 ended")
                .isBefore(end);
        clock.set(end);
        runJob();
    }

    /**
     * Starts the wallet again with its clock just past E (as if the real time had passed E), then
     * runs the job past E's grace. A run in which an item failed (the invoice's channel to the
     * restarted wallet reconnecting) leaves it to the next run, as the scheduler would.
     */
    private void closePeriodZero() {
        FakeServices.restartRealWallet(Duration.between(Instant.now(), end).plus(WALLET_PAST_END));
        walletChannel.resetConnectBackoff();
        clock.set(end.plus(Duration.ofHours(1)));
        await("period 0 closed by a run without failures")
                .atMost(Waits.PATIENTLY)
                .until(() -> runJob().failed() == 0);
    }

    private Invoice renewalOf(String customer) {
        List<Invoice> invoices = invoice.listInvoices(ListInvoicesRequest.newBuilder()
                        .setCustomerId(customer)
                        .setKind(InvoiceKind.INVOICE_KIND_PERIOD)
                        .build())
                .getInvoicesList();
        assertThat(invoices).hasSize(2); // opening + closing period 0
        return invoice.getInvoice(GetInvoiceRequest.newBuilder()
                        .setInvoiceId(invoices.get(0).getInvoiceId())
                        .build())
                .getInvoice();
    }

    private static List<String> lines(Invoice invoice) {
        return invoice.getLinesList().stream()
                .map(l -> l.getLineType() + " " + l.getAmount().getAmount())
                .toList();
    }

    private static void addEvents(DebitBatchRequest.Builder batch, String customer, int count, String credits) {
        for (int i = 0; i < count; i++) {
            batch.addDebits(event(customer, credits));
        }
    }

    private static DebitRequest event(String customer, String credits) {
        return event(customer, credits, "CREDITS");
    }

    /** One usage event, now, keyed by its event id (as usage-service sends it). */
    private static DebitRequest event(String customer, String amount, String unit) {
        return DebitRequest.newBuilder()
                .setCustomerId(customer)
                .setAmount(Money.newBuilder().setAmount(amount).setCurrencyCode(unit))
                .setOccurredTime(ProtoTime.timestamp(Instant.now()))
                .setIdempotencyKey("evt-" + UUID.randomUUID())
                .build();
    }

    private Balance creditBalance(String customer) {
        return balance(customer, "CREDITS");
    }

    private Balance usdBalance(String customer) {
        return balance(customer, "USD");
    }

    private Balance balance(String customer, String unit) {
        return realWallet
                .getBalance(GetBalanceRequest.newBuilder()
                        .setCustomerId(customer)
                        .setCurrencyCode(unit)
                        .setView(dev.tally.wallet.v1.BalanceView.BALANCE_VIEW_FULL)
                        .build())
                .getBalances(0);
    }

    /** What is left of the customer's grant of this source (and, for period grants, of period {@code index}). */
    private static BigDecimal remaining(Balance balance, GrantSource source, Subscription sub, int index) {
        return balance.getGrantsList().stream()
                .filter(g -> g.getSource() == source
                        && (sub == null || g.getPeriodReference().equals(sub.getSubscriptionId() + "/" + index)))
                .map(Grant::getRemainingAmount)
                .map(RealWalletIT::amount)
                .reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    private static BigDecimal amount(Money money) {
        return money.getAmount().isEmpty() ? BigDecimal.ZERO : new BigDecimal(money.getAmount());
    }

    private static long walletCount(String sql) {
        return TestDatabase.get().queryLong(FakeServices.realWalletDatabase(), sql);
    }
}
