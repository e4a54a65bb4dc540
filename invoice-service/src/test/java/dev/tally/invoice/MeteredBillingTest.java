package dev.tally.invoice;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.invoice.v1.CreateSubscriptionResponse;
import dev.tally.invoice.v1.GetInvoiceRequest;
import dev.tally.invoice.v1.GetSubscriptionRequest;
import dev.tally.invoice.v1.Invoice;
import dev.tally.invoice.v1.InvoiceLine;
import dev.tally.invoice.v1.InvoiceLineType;
import dev.tally.invoice.v1.InvoiceStatus;
import dev.tally.invoice.v1.ListInvoicesRequest;
import dev.tally.invoice.v1.OverageRounding;
import dev.tally.invoice.v1.Plan;
import dev.tally.invoice.v1.Subscription;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Acceptance 1 and 2: METERED overage, both rounding rules, and the renewal invoice. */
@QuarkusTest
class MeteredBillingTest extends InvoiceTest {

    private static final Instant APRIL_1 = Instant.parse("2026-04-01T00:00:00Z");

    @Test
    void proBillsExactlyTheOverageBeyondItsAllowance() {
        // acceptance 1: Pro includes 100,000 tokens; 250,000 used -> overage for exactly 150,000
        Plan pro = createPlan(meteredPlan(
                unique("pro"), "49", "100000", "1000", "0.02", OverageRounding.OVERAGE_ROUNDING_PROPORTIONAL));
        String customer = createCustomer();
        subscribe(customer, pro);
        usage.set(customer, Map.of("chat_tokens", "250000"), 0);

        Invoice renewal = closeMarch(customer);

        InvoiceLine overage = line(renewal, InvoiceLineType.INVOICE_LINE_TYPE_OVERAGE);
        assertThat(overage.getUsageUnits()).isEqualTo("150000");
        assertThat(overage.getQuantity()).isEqualTo("150");
        assertThat(overage.getAmount().getAmount()).isEqualTo("3.00");
    }

    @Test
    void theBriefsStarterPlanProportional() {
        // acceptance 2: $29/month including 50,000 tokens, $0.03 per 1,000; 80,500 used
        // proportional: 30,500 tokens = 30.5 blocks x 0.03 = 0.915 -> 0.92; renewal = 29.00 base + 0.92
        Plan starter = createPlan(meteredPlan(
                unique("starter"), "29", "50000", "1000", "0.03", OverageRounding.OVERAGE_ROUNDING_PROPORTIONAL));
        String customer = createCustomer();
        CreateSubscriptionResponse subscribed = subscribe(customer, starter);
        // the first base price is invoiced in advance, at once
        assertThat(subscribed.getInvoice().getStatus()).isEqualTo(InvoiceStatus.INVOICE_STATUS_FINALIZED);
        assertThat(subscribed.getInvoice().getLinesList()).singleElement().satisfies(l -> {
            assertThat(l.getLineType()).isEqualTo(InvoiceLineType.INVOICE_LINE_TYPE_BASE);
            assertThat(l.getAmount().getAmount()).isEqualTo("29.00");
        });
        usage.set(customer, Map.of("chat_tokens", "80500"), 0);

        Invoice renewal = closeMarch(customer);

        assertThat(renewal.getLinesList())
                .extracting(InvoiceLine::getLineType)
                .containsExactly(InvoiceLineType.INVOICE_LINE_TYPE_BASE, InvoiceLineType.INVOICE_LINE_TYPE_OVERAGE);
        InvoiceLine base = renewal.getLines(0);
        assertThat(base.getAmount().getAmount()).isEqualTo("29.00");
        assertThat(base.getUnitPrice().getAmount()).isEqualTo("29.00");
        assertThat(base.getServicePeriod().getStartTime().getSeconds()).isEqualTo(APRIL_1.getEpochSecond());
        InvoiceLine overage = renewal.getLines(1);
        assertThat(overage.getUsageUnits()).isEqualTo("30500");
        assertThat(overage.getQuantity()).isEqualTo("30.5");
        assertThat(overage.getUnitPrice().getAmount()).isEqualTo("0.03");
        assertThat(overage.getAmount().getAmount()).isEqualTo("0.92");
        assertThat(overage.getServicePeriod().getStartTime().getSeconds()).isEqualTo(MARCH_1.getEpochSecond());
        assertThat(renewal.getTotal().getAmount()).isEqualTo("29.92");
        assertThat(renewal.getStatus()).isEqualTo(InvoiceStatus.INVOICE_STATUS_FINALIZED);
        assertThat(renewal.getInvoiceNumber()).matches("TALLY-2026-\\d{6}");
        assertThat(renewal.getPeriod().getStartTime().getSeconds()).isEqualTo(APRIL_1.getEpochSecond());
    }

    @Test
    void theBriefsStarterPlanPerStartedBlock() {
        // per started block: ceil(30.5) = 31 blocks x 0.03 = 0.93
        Plan starter = createPlan(meteredPlan(
                unique("starter"), "29", "50000", "1000", "0.03", OverageRounding.OVERAGE_ROUNDING_PER_STARTED_BLOCK));
        String customer = createCustomer();
        subscribe(customer, starter);
        usage.set(customer, Map.of("chat_tokens", "80500"), 0);

        Invoice renewal = closeMarch(customer);

        InvoiceLine overage = line(renewal, InvoiceLineType.INVOICE_LINE_TYPE_OVERAGE);
        assertThat(overage.getQuantity()).isEqualTo("31");
        assertThat(overage.getAmount().getAmount()).isEqualTo("0.93");
        assertThat(renewal.getTotal().getAmount()).isEqualTo("29.93");
    }

    @Test
    void theCloseWaitsForPendingDebitsAndForTheGraceEnd() {
        Plan starter = createPlan(meteredPlan(
                unique("starter"), "29", "50000", "1000", "0.03", OverageRounding.OVERAGE_ROUNDING_PROPORTIONAL));
        String customer = createCustomer();
        Subscription sub = subscribe(customer, starter).getSubscription();
        usage.set(customer, Map.of("chat_tokens", "60000"), 3);

        clock.set(APRIL_1);
        runJob(); // the boundary: April opens
        assertThat(invoice.getSubscription(GetSubscriptionRequest.newBuilder()
                                .setSubscriptionId(sub.getSubscriptionId())
                                .build())
                        .getSubscription()
                        .getCurrentPeriod()
                        .getStartTime()
                        .getSeconds())
                .isEqualTo(APRIL_1.getEpochSecond());
        assertThat(allInvoices(customer)).hasSize(1); // only the opening one: March is in its grace

        clock.set(APRIL_1.plus(Duration.ofHours(1)));
        assertThat(runJob().waiting()).isPositive(); // grace over, but 3 debits are still pending
        assertThat(allInvoices(customer)).hasSize(1);

        usage.set(customer, Map.of("chat_tokens", "60000"), 0);
        runJob();
        assertThat(allInvoices(customer)).hasSize(2);
        runJob(); // nothing left to do for March
        assertThat(allInvoices(customer)).hasSize(2);
    }

    /** Crosses the March → April boundary, then the grace end, running the job at each. */
    private Invoice closeMarch(String customer) {
        clock.set(APRIL_1);
        runJob();
        clock.set(APRIL_1.plus(Duration.ofHours(1)));
        runJob();
        List<Invoice> invoices = allInvoices(customer);
        assertThat(invoices).hasSize(2);
        Invoice renewal = invoices.get(0);
        return invoice.getInvoice(GetInvoiceRequest.newBuilder()
                        .setInvoiceId(renewal.getInvoiceId())
                        .build())
                .getInvoice();
    }

    /** Every invoice of the customer, newest first. */
    private List<Invoice> allInvoices(String customer) {
        return invoice.listInvoices(
                        ListInvoicesRequest.newBuilder().setCustomerId(customer).build())
                .getInvoicesList();
    }

    private static InvoiceLine line(Invoice invoice, InvoiceLineType type) {
        return invoice.getLinesList().stream()
                .filter(l -> l.getLineType() == type)
                .findFirst()
                .orElseThrow();
    }
}
