package dev.tally.invoice;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.invoice.app.PeriodCloser;
import dev.tally.invoice.app.PeriodGrants;
import dev.tally.invoice.app.Renewals;
import dev.tally.invoice.v1.GetInvoiceRequest;
import dev.tally.invoice.v1.Invoice;
import dev.tally.invoice.v1.InvoiceKind;
import dev.tally.invoice.v1.InvoiceLine;
import dev.tally.invoice.v1.InvoiceLineType;
import dev.tally.invoice.v1.InvoiceStatus;
import dev.tally.invoice.v1.ListInvoicesRequest;
import dev.tally.invoice.v1.Plan;
import dev.tally.invoice.v1.PurchaseCreditPackRequest;
import dev.tally.invoice.v1.PurchaseCreditPackResponse;
import dev.tally.invoice.v1.Subscription;
import dev.tally.invoice.v1.TopUpRequest;
import dev.tally.invoice.v1.TopUpResponse;
import dev.tally.testing.wallet.FakeWallet;
import dev.tally.wallet.v1.ExpireGrantsRequest;
import dev.tally.wallet.v1.GrantCreditsRequest;
import dev.tally.wallet.v1.GrantSource;
import dev.tally.wallet.v1.SettleShortfallRequest;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * CREDITS and BALANCE plans against the wallet test double: the grants the invoice makes (period
 * bounds, sources, keys), the purchases invoiced at once, and the close (settle exactly the period,
 * bill exactly what was settled, expire the period's grants). The consumption order itself is the
 * wallet's: RealWalletIT runs the same scenarios against the real wallet-service.
 */
@QuarkusTest
class PrepaidBillingTest extends InvoiceTest {

    @Inject
    Renewals renewals;

    @Inject
    PeriodGrants grants;

    @Inject
    PeriodCloser closer;

    private static final Instant APRIL_1 = Instant.parse("2026-04-01T00:00:00Z");
    private static final Instant MAY_1 = Instant.parse("2026-05-01T00:00:00Z");

    @Test
    void creditsPlanGrantsEachPeriodForExactlyThePeriodAndSellsPacks() {
        Plan plan = createPlan(creditsPlan(unique("credits")));
        String customer = createCustomer();
        Subscription sub = subscribe(customer, plan).getSubscription();

        GrantCreditsRequest march =
                grantOf(wallet.applied("GrantCredits", customer).get(0));
        assertThat(march.getCustomerId()).isEqualTo(customer);
        assertThat(march.getAmount().getAmount()).isEqualTo("1000");
        assertThat(march.getAmount().getCurrencyCode()).isEqualTo("CREDITS");
        assertThat(march.getSource()).isEqualTo(GrantSource.GRANT_SOURCE_SUBSCRIPTION);
        assertThat(march.getEffectiveTime().getSeconds()).isEqualTo(MARCH_1.getEpochSecond());
        assertThat(march.getExpireTime().getSeconds()).isEqualTo(APRIL_1.getEpochSecond());
        assertThat(march.getPeriodReference()).isEqualTo(sub.getSubscriptionId() + "/0");
        assertThat(sub.getCurrentPeriodReference()).isEqualTo(march.getPeriodReference());
        assertThat(march.getPeriod().getStartTime().getSeconds()).isEqualTo(MARCH_1.getEpochSecond());
        assertThat(march.getPeriod().getEndTime().getSeconds()).isEqualTo(APRIL_1.getEpochSecond());
        assertThat(march.getIdempotencyKey()).isEqualTo("period:" + sub.getSubscriptionId() + "/0:grant");

        // a 500-credit pack bought mid-period: never-expiring PACK grant, FINALIZED purchase invoice at once
        clock.set(Instant.parse("2026-03-15T12:00:00Z"));
        PurchaseCreditPackResponse bought = invoice.purchaseCreditPack(PurchaseCreditPackRequest.newBuilder()
                .setIdempotencyKey(key())
                .setCustomerId(customer)
                .setCreditPackCode("pack_500")
                .build());
        assertThat(bought.getCreditsGranted().getAmount()).isEqualTo("500");
        assertThat(bought.getInvoice().getKind()).isEqualTo(InvoiceKind.INVOICE_KIND_PURCHASE);
        assertThat(bought.getInvoice().getStatus()).isEqualTo(InvoiceStatus.INVOICE_STATUS_FINALIZED);
        assertThat(bought.getInvoice().getLinesList()).singleElement().satisfies(l -> {
            assertThat(l.getLineType()).isEqualTo(InvoiceLineType.INVOICE_LINE_TYPE_CREDIT_PACK);
            assertThat(l.getCreditPackCode()).isEqualTo("pack_500");
            assertThat(l.getAmount().getAmount()).isEqualTo("8.00");
            // bought in March: the line names the subscription's open period
            assertThat(l.getServicePeriod().getStartTime().getSeconds()).isEqualTo(MARCH_1.getEpochSecond());
            assertThat(l.getServicePeriod().getEndTime().getSeconds()).isEqualTo(APRIL_1.getEpochSecond());
        });
        GrantCreditsRequest pack =
                grantOf(wallet.applied("GrantCredits", customer).get(1));
        assertThat(pack.getSource()).isEqualTo(GrantSource.GRANT_SOURCE_PACK);
        assertThat(pack.hasExpireTime()).isFalse();

        // the boundary: April's grant is made at April's start, in force for April only
        clock.set(APRIL_1);
        runJob();
        GrantCreditsRequest april =
                grantOf(wallet.applied("GrantCredits", customer).get(2));
        assertThat(april.getEffectiveTime().getSeconds()).isEqualTo(APRIL_1.getEpochSecond());
        assertThat(april.getExpireTime().getSeconds()).isEqualTo(MAY_1.getEpochSecond());
        assertThat(april.getPeriodReference()).isEqualTo(sub.getSubscriptionId() + "/1");
        assertThat(april.getPeriod().getStartTime().getSeconds()).isEqualTo(APRIL_1.getEpochSecond());
        assertThat(april.getPeriod().getEndTime().getSeconds()).isEqualTo(MAY_1.getEpochSecond());
        assertThat(wallet.applied("SettleShortfall", customer)).isEmpty(); // March is in its grace window

        // after March's grace: settle exactly March, then expire March's grants, then invoice
        wallet.setShortfall(customer, "CREDITS", "150");
        clock.set(APRIL_1.plus(Duration.ofHours(1)));
        runJob();
        SettleShortfallRequest settle = (SettleShortfallRequest)
                wallet.applied("SettleShortfall", customer).get(0).request();
        assertThat(settle.getCurrencyCode()).isEqualTo("CREDITS");
        assertThat(settle.getTimeRange().getStartTime().getSeconds()).isEqualTo(MARCH_1.getEpochSecond());
        assertThat(settle.getTimeRange().getEndTime().getSeconds()).isEqualTo(APRIL_1.getEpochSecond());
        assertThat(settle.getIdempotencyKey()).isEqualTo("period:" + sub.getSubscriptionId() + "/0:settle");
        ExpireGrantsRequest expire = (ExpireGrantsRequest)
                wallet.applied("ExpireGrants", customer).get(0).request();
        assertThat(expire.getPeriodReference()).isEqualTo(sub.getSubscriptionId() + "/0");
        assertThat(expire.getExpireTime().getSeconds()).isEqualTo(APRIL_1.getEpochSecond());
        assertThat(wallet.grants(customer))
                .extracting(g -> g.getSource())
                .containsExactly(GrantSource.GRANT_SOURCE_PACK, GrantSource.GRANT_SOURCE_SUBSCRIPTION);

        Invoice renewal = renewalOf(customer);
        // base of April (20.00) + the 150 credits settled at 0.02 = 3.00
        assertThat(renewal.getLinesList())
                .extracting(InvoiceLine::getLineType)
                .containsExactly(InvoiceLineType.INVOICE_LINE_TYPE_BASE, InvoiceLineType.INVOICE_LINE_TYPE_SHORTFALL);
        assertThat(renewal.getLines(1).getQuantity()).isEqualTo("150");
        assertThat(renewal.getLines(1).getAmount().getAmount()).isEqualTo("3.00");
        assertThat(renewal.getTotal().getAmount()).isEqualTo("23.00");
    }

    @Test
    void balancePlanBillsExactlyWhatTheWalletSettledBesideTheNextBase() {
        // acceptance 4 (with the wallet double): $50/month, a $25 top-up, then $6.00 settled for March
        Plan plan = createPlan(balancePlan(unique("balance"), "50"));
        String customer = createCustomer();
        subscribe(customer, plan);
        GrantCreditsRequest march =
                grantOf(wallet.applied("GrantCredits", customer).get(0));
        assertThat(march.getAmount().getAmount()).isEqualTo("50");
        assertThat(march.getAmount().getCurrencyCode()).isEqualTo("USD");
        assertThat(march.getSource()).isEqualTo(GrantSource.GRANT_SOURCE_PERIOD_BALANCE);

        TopUpResponse topUp = invoice.topUp(TopUpRequest.newBuilder()
                .setIdempotencyKey(key())
                .setCustomerId(customer)
                .setAmount(usd("25"))
                .build());
        assertThat(topUp.getInvoice().getLinesList()).singleElement().satisfies(l -> {
            assertThat(l.getLineType()).isEqualTo(InvoiceLineType.INVOICE_LINE_TYPE_TOP_UP);
            assertThat(l.getAmount().getAmount()).isEqualTo("25.00");
            assertThat(l.getUnitPrice().getAmount()).isEqualTo("25.00");
        });
        assertThat(wallet.applied("TopUp", customer)).hasSize(1);

        clock.set(APRIL_1);
        runJob();
        wallet.setShortfall(customer, "USD", "6.00");
        clock.set(APRIL_1.plus(Duration.ofHours(1)));
        runJob();

        Invoice renewal = renewalOf(customer);
        assertThat(renewal.getLinesList())
                .extracting(l -> l.getLineType() + " " + l.getAmount().getAmount())
                .containsExactly("INVOICE_LINE_TYPE_BASE 50.00", "INVOICE_LINE_TYPE_SHORTFALL 6.00");
        assertThat(renewal.getLines(1).getUnitPrice().getAmount()).isEqualTo("1.00");
        assertThat(renewal.getTotal().getAmount()).isEqualTo("56.00");
    }

    @Test
    void zeroBaseBalancePlanGrantsNothingAndInvoicesAllUsageAsOverage() {
        // acceptance 5: a $0-base BALANCE plan: usage with no balance is invoiced as overage
        Plan plan = createPlan(balancePlan(unique("payg"), "0"));
        String customer = createCustomer();
        subscribe(customer, plan);
        assertThat(wallet.applied("GrantCredits", customer)).isEmpty();

        clock.set(APRIL_1);
        runJob();
        assertThat(wallet.applied("GrantCredits", customer)).isEmpty();
        wallet.setShortfall(customer, "USD", "3.456");
        clock.set(APRIL_1.plus(Duration.ofHours(1)));
        runJob();

        Invoice renewal = renewalOf(customer);
        assertThat(renewal.getLinesList())
                .extracting(l -> l.getLineType() + " " + l.getAmount().getAmount())
                .containsExactly("INVOICE_LINE_TYPE_BASE 0.00", "INVOICE_LINE_TYPE_SHORTFALL 3.46");
    }

    @Test
    void aGrantTheWalletMissedIsMadeByTheJob() {
        Plan plan = createPlan(creditsPlan(unique("credits")));
        String customer = createCustomer();
        wallet.failNext(1);
        subscribe(customer, plan); // the subscription does not depend on the wallet being up
        assertThat(wallet.applied("GrantCredits", customer)).isEmpty();
        assertThat(runJob().grants()).isEqualTo(1);
        assertThat(wallet.applied("GrantCredits", customer)).hasSize(1);
        assertThat(runJob().grants()).isZero();
    }

    @Test
    void aPeriodIsClosedOnlyOnceItsGrantIsDone() throws Throwable {
        // invoice-service could not grant March (the wallet failed), and comes back after March's grace
        Plan plan = createPlan(creditsPlan(unique("credits")));
        String customer = createCustomer();
        wallet.failNext(1);
        Subscription sub = subscribe(customer, plan).getSubscription();
        assertThat(wallet.applied("GrantCredits", customer)).isEmpty();
        String march = sub.getSubscriptionId() + "/0";
        clock.set(APRIL_1.plus(Duration.ofHours(2)));
        await(() -> renewals.advance(sub.getSubscriptionId())); // April opens (and is granted)

        // March's grant is still missing: its close waits, so nothing of March is settled before it
        assertThat(await(() -> closer.close(march))).isEqualTo(PeriodCloser.Outcome.WAITING);
        assertThat(wallet.applied("SettleShortfall", customer)).isEmpty();

        // March's grant is made late (its window ended 2 hours ago, within the wallet's late-grant limit),
        // with March's own bounds; then the close goes on
        await(() -> grants.grant(march));
        assertThat(wallet.applied("GrantCredits", customer))
                .extracting(c -> ((GrantCreditsRequest) c.request()).getPeriodReference())
                .containsExactly(sub.getSubscriptionId() + "/1", march);
        assertThat(wallet.applied("GrantCredits", customer))
                .extracting(c -> ((GrantCreditsRequest) c.request()).getPeriod())
                .last()
                .satisfies(
                        period -> assertThat(period.getEndTime().getSeconds()).isEqualTo(APRIL_1.getEpochSecond()));
        assertThat(await(() -> closer.close(march))).isEqualTo(PeriodCloser.Outcome.CLOSED);
        assertThat(wallet.applied("SettleShortfall", customer)).hasSize(1);
    }

    /** Runs an application call on a Vert.x context, as the job does, and waits for its result. */
    private static <T> T await(Supplier<Uni<T>> work) throws Throwable {
        return VertxContextSupport.subscribeAndAwait(work);
    }

    private Invoice renewalOf(String customer) {
        List<Invoice> invoices = invoice.listInvoices(ListInvoicesRequest.newBuilder()
                        .setCustomerId(customer)
                        .setKind(InvoiceKind.INVOICE_KIND_PERIOD)
                        .build())
                .getInvoicesList();
        assertThat(invoices).hasSize(2);
        return invoice.getInvoice(GetInvoiceRequest.newBuilder()
                        .setInvoiceId(invoices.get(0).getInvoiceId())
                        .build())
                .getInvoice();
    }

    private static GrantCreditsRequest grantOf(FakeWallet.Call call) {
        return (GrantCreditsRequest) call.request();
    }
}
