package dev.tally.system;

import static dev.tally.system.Accounts.CREDITS;
import static dev.tally.system.Accounts.USD;
import static dev.tally.system.Accounts.lines;
import static dev.tally.system.Accounts.remaining;
import static dev.tally.system.Billing.amount;
import static dev.tally.system.SystemUnderTest.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tally.invoice.v1.BillingInterval;
import dev.tally.invoice.v1.GetSubscriptionRequest;
import dev.tally.invoice.v1.Invoice;
import dev.tally.invoice.v1.InvoiceKind;
import dev.tally.invoice.v1.ListInvoicesRequest;
import dev.tally.invoice.v1.Subscription;
import dev.tally.invoice.v1.TopUpRequest;
import dev.tally.launcher.TallyService;
import dev.tally.usage.v1.CheckReason;
import dev.tally.usage.v1.CheckRequest;
import dev.tally.usage.v1.CheckResponse;
import dev.tally.wallet.v1.Balance;
import dev.tally.wallet.v1.Grant;
import dev.tally.wallet.v1.GrantSource;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two customers run through a real period end E (issue 18, points 1 and 4), on the shared system
 * (grace window {@link SystemUnderTest#GRACE}, billing job every 500 ms):
 * <ol>
 *   <li>a BALANCE customer who overspent period N starts N+1 with N+1's whole balance, for GetBalance
 *       and for Check on an ALLOW and a BLOCK feature, inside the grace window as after the close;
 *       N's overspend is billed once, on the renewal invoice;</li>
 *   <li>a CREDITS customer whose invoice-service (both replicas) is down across E: when it comes
 *       back, the renewal, the period's grant and the close happen once, in that order; what N
 *       owed is billed by N's invoice, and N+1's usage is paid by N+1's grant.</li>
 * </ol>
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(SharedSystem.class)
@Order(3)
class PeriodEndTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private SystemUnderTest tally;
    private SystemClients clients;
    private Billing billing;
    private Accounts accounts;

    @BeforeAll
    void useTheSystem(SystemUnderTest system) {
        tally = system;
        clients = tally.clients;
        billing = new Billing(clients);
        accounts = new Accounts(clients, billing);
    }

    /** A customer whose period 0 [start, end) was overspent before its end. */
    private record Overspent(String customer, Subscription sub, Instant end) {}

    // ------------------------------------------------------------------------------- point 1

    /**
     * $10 a month and a $5 top-up (a grant that never expires); 1,400 calls at 0.0125 = 17.50 in
     * period 0: the $10 and the $5 pay 15.00, 2.50 is owed (available −2.50: an ALLOW feature's
     * Check answers OVERAGE, the BLOCK feature's is refused).
     * After the renewal at E, whether read inside the grace window (the 2.50 still unbilled) or
     * after the close (claimed by the invoice): available is period 1's whole 10.00, the 2.50 never
     * reduces it (the used-up top-up has no window that would make it period 1's), and Check covers up to exactly 10.00 (800 calls) and refuses 801 on the BLOCK
     * feature. The renewal invoice bills BASE 10.00 (period 1) and SHORTFALL 2.50 (period 0).
     */
    @Test
    @Order(1)
    void anOverspentPeriodIsBilledAndTheNextStartsWithItsWholeBalance() {
        Overspent n = PeriodEnds.beforeTheEnd(this::balanceOverspentBeforeTheEnd);

        Balance renewed = eventually("period 1's $10 in the wallet", WAIT)
                .until(
                        () -> billing.balance(n.customer(), USD),
                        b -> remaining(b, GrantSource.GRANT_SOURCE_PERIOD_BALANCE, n.sub(), 1)
                                        .signum()
                                > 0);
        List<CheckResponse> checks = checksOfTen(n.customer());
        boolean inGrace = amount(renewed.getUnbilledShortfall()).signum() > 0;
        System.out.printf(
                "PeriodEndTest: period 1's balance read %s%n",
                inGrace ? "inside period 0's grace window" : "after period 0's close (a slow machine)");
        assertWholeTen(renewed);
        assertCoversTen(checks);

        Invoice closing = accounts.closingInvoice(n.customer(), n.end());
        assertThat(lines(closing)).containsExactly("INVOICE_LINE_TYPE_BASE 10.00", "INVOICE_LINE_TYPE_SHORTFALL 2.50");
        Balance closed = eventually("period 0's 2.50 claimed by its invoice", WAIT)
                .until(
                        () -> billing.balance(n.customer(), USD),
                        b -> amount(b.getShortfall()).signum() == 0);
        assertWholeTen(closed);
        assertThat(amount(closed.getUnbilledShortfall())).isZero();
        assertCoversTen(checksOfTen(n.customer()));
        assertThat(periodInvoicesStarting(n.customer(), n.end())).isEqualTo(1);
    }

    private Overspent balanceOverspentBeforeTheEnd(Instant end) {
        BillingInterval interval = Billing.intervalEndingAt(end);
        String customer = billing.customer();
        Subscription sub = billing.subscribe(
                customer, billing.balancePlan("10", interval), Billing.oneIntervalBefore(end, interval));
        accounts.awaitAvailable(customer, USD, "10");
        clients.invoice(billing.next())
                .topUp(TopUpRequest.newBuilder()
                        .setIdempotencyKey(Billing.key())
                        .setCustomerId(customer)
                        .setAmount(Billing.usd("5"))
                        .build());
        accounts.awaitAvailable(customer, USD, "15");
        clients.usage(billing.next()).track(Events.units(customer, Billing.CALLS, "1400"));
        Balance owed = eventually("15.00 paid and 2.50 owed", WAIT)
                .until(
                        () -> billing.balance(customer, USD),
                        b -> amount(b.getShortfall()).signum() > 0);
        CheckResponse allow = check(customer, Billing.CALLS, "1");
        CheckResponse block = check(customer, Billing.GUARDED, "1");
        Overspent done = PeriodEnds.ifStillBefore(end, new Overspent(customer, sub, end), "PeriodEndTest");
        if (done != null) { // read before E: period 0's grant is in force, so its overspend is owed now
            assertThat(amount(owed.getShortfall())).isEqualByComparingTo("2.50");
            assertThat(amount(owed.getUnbilledShortfall())).isZero();
            assertThat(amount(owed.getAvailable())).isEqualByComparingTo("-2.50");
            assertThat(allow.getAllowed()).isTrue();
            assertThat(allow.getReason()).isEqualTo(CheckReason.CHECK_REASON_OVERAGE);
            assertThat(block.getAllowed()).isFalse();
            assertThat(block.getReason()).isEqualTo(CheckReason.CHECK_REASON_INSUFFICIENT_BALANCE);
        }
        return done;
    }

    /** Period 1's whole 10.00 available; of what is owed, nothing reduces it (all of it is unbilled). */
    private static void assertWholeTen(Balance balance) {
        assertThat(amount(balance.getAvailable())).isEqualByComparingTo("10");
        assertThat(amount(balance.getShortfall())).isEqualByComparingTo(amount(balance.getUnbilledShortfall()));
        assertThat(amount(balance.getHeld())).isZero();
    }

    /** Check of 100 calls (ALLOW), 800 and 801 guarded calls (BLOCK): 1.25, exactly 10.00, 10.0125. */
    private List<CheckResponse> checksOfTen(String customer) {
        return List.of(
                check(customer, Billing.CALLS, "100"),
                check(customer, Billing.GUARDED, "800"),
                check(customer, Billing.GUARDED, "801"));
    }

    private static void assertCoversTen(List<CheckResponse> checks) {
        assertThat(checks)
                .extracting(c -> c.getAllowed() + " " + c.getReason())
                .containsExactly(
                        "true CHECK_REASON_COVERED",
                        "true CHECK_REASON_COVERED",
                        "false CHECK_REASON_INSUFFICIENT_BALANCE");
    }

    // ------------------------------------------------------------------------------- point 4

    /**
     * 1,000 credits a month, 0.02 USD per credit beyond. In period 0: 90 images (900 credits) and
     * 100 texts (200 credits: the grant's last 100, then 100 owed). Both invoice replicas are killed
     * before E and started again only after E: meanwhile usage cannot learn period 1's plan
     * (UNAVAILABLE, nothing recorded: the client retries later), and the wallet, with no grant in
     * force, shows the 100 as unbilled with 0 available. Once invoice-service is back: period 1 is
     * opened and its grant of 1,000 made for [E, E + 1 interval), then period 0 is closed by one
     * invoice (BASE 20.00 for period 1, SHORTFALL 2.00 for period 0's 100 credits); period 1's
     * first event is paid by period 1's grant (990 left) and nothing of it is owed.
     */
    @Test
    @Order(2)
    void invoiceServiceDownAcrossAPeriodEnd() {
        Overspent n = PeriodEnds.beforeTheEnd(this::creditsOverspentThenInvoiceDown);
        String customer = n.customer();
        try {
            PeriodEnds.awaitPast(n.end());
            // UNAVAILABLE (or the client's own deadline while it retries that), and nothing recorded
            assertThatThrownBy(() -> clients.usage(billing.next()).track(Events.units(customer, "text", "5")))
                    .isInstanceOfSatisfying(
                            StatusRuntimeException.class,
                            e -> assertThat(e.getStatus().getCode())
                                    .isIn(Status.Code.UNAVAILABLE, Status.Code.DEADLINE_EXCEEDED));
            assertThat(Events.list(clients, billing.next(), customer)).hasSize(2);
            Balance down = billing.balance(customer, CREDITS);
            assertThat(amount(down.getShortfall())).isEqualByComparingTo("100");
            assertThat(amount(down.getUnbilledShortfall())).isEqualByComparingTo("100");
            assertThat(amount(down.getAvailable())).isZero();
        } finally {
            tally.restartAll(TallyService.INVOICE);
        }

        Invoice closing = accounts.closingInvoice(customer, n.end());
        assertThat(lines(closing)).containsExactly("INVOICE_LINE_TYPE_BASE 20.00", "INVOICE_LINE_TYPE_SHORTFALL 2.00");
        Subscription renewed = clients.invoice(billing.next())
                .getSubscription(GetSubscriptionRequest.newBuilder()
                        .setSubscriptionId(n.sub().getSubscriptionId())
                        .build())
                .getSubscription();
        assertThat(Billing.instant(renewed.getCurrentPeriod().getStartTime())).isEqualTo(n.end());
        Balance whole = eventually("period 1's 1,000 credits, nothing owed", WAIT)
                .until(
                        () -> billing.balance(customer, CREDITS),
                        b -> amount(b.getAvailable()).compareTo(new BigDecimal("1000")) == 0);
        List<Grant> periodOne = grants(whole, n.sub(), 1);
        assertThat(periodOne).hasSize(1);
        Grant grant = periodOne.get(0);
        assertThat(grant.getPeriod()).isEqualTo(renewed.getCurrentPeriod());
        assertThat(Billing.instant(grant.getEffectiveTime())).isEqualTo(n.end());
        assertThat(Billing.instant(grant.getCreateTime()))
                .as("period 1's grant made before period 0's close")
                .isBeforeOrEqualTo(Billing.instant(closing.getCreateTime()));
        assertThat(amount(whole.getShortfall())).isZero();

        clients.usage(billing.next()).track(Events.units(customer, "text", "5"));
        Balance after = eventually("period 1's first event paid by period 1's grant", WAIT)
                .until(
                        () -> billing.balance(customer, CREDITS),
                        b -> remaining(b, GrantSource.GRANT_SOURCE_SUBSCRIPTION, n.sub(), 1)
                                        .compareTo(new BigDecimal("990"))
                                == 0);
        assertThat(amount(after.getAvailable())).isEqualByComparingTo("990");
        assertThat(amount(after.getShortfall())).isZero();
        // once each, however many job runs of both replicas have passed since
        assertThat(grants(after, n.sub(), 1)).hasSize(1);
        assertThat(periodInvoicesStarting(customer, n.end())).isEqualTo(1);
    }

    private Overspent creditsOverspentThenInvoiceDown(Instant end) {
        BillingInterval interval = Billing.intervalEndingAt(end);
        String customer = billing.customer();
        Subscription sub =
                billing.subscribe(customer, billing.creditsPlan(interval), Billing.oneIntervalBefore(end, interval));
        accounts.awaitAvailable(customer, CREDITS, "1000");
        clients.usage(billing.next()).track(Events.units(customer, "image", "90"));
        clients.usage(billing.next()).track(Events.units(customer, "text", "100"));
        // (waits on what holds on either side of E: on a slow machine E may pass meanwhile)
        eventually("1,000 credits paid and 100 owed", WAIT)
                .until(
                        () -> billing.balance(customer, CREDITS),
                        b -> amount(b.getShortfall()).compareTo(new BigDecimal("100")) == 0);
        tally.killAll(TallyService.INVOICE);
        Overspent done = PeriodEnds.ifStillBefore(end, new Overspent(customer, sub, end), "PeriodEndTest");
        if (done == null) { // killed only after E: the renewal may have run; again with a new customer
            tally.restartAll(TallyService.INVOICE);
        }
        return done;
    }

    // ------------------------------------------------------------------------------- helpers

    private CheckResponse check(String customer, String feature, String value) {
        return clients.usage(billing.next())
                .check(CheckRequest.newBuilder()
                        .setCustomerId(customer)
                        .setFeatureCode(feature)
                        .setValue(value)
                        .build());
    }

    /** The subscription's grants of period {@code index} in the balance. */
    private static List<Grant> grants(Balance balance, Subscription sub, int index) {
        String reference = sub.getSubscriptionId() + "/" + index;
        return balance.getGrantsList().stream()
                .filter(g -> g.getPeriodReference().equals(reference))
                .toList();
    }

    /** How many period invoices of the customer start a period at {@code start} (the close of the one before). */
    private long periodInvoicesStarting(String customer, Instant start) {
        return clients
                .invoice(billing.next())
                .listInvoices(ListInvoicesRequest.newBuilder()
                        .setCustomerId(customer)
                        .setKind(InvoiceKind.INVOICE_KIND_PERIOD)
                        .build())
                .getInvoicesList()
                .stream()
                .filter(i -> Billing.instant(i.getPeriod().getStartTime()).equals(start))
                .count();
    }
}
