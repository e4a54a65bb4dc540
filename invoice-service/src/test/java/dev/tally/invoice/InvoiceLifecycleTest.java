package dev.tally.invoice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tally.invoice.v1.CancelSubscriptionRequest;
import dev.tally.invoice.v1.FinalizeInvoiceRequest;
import dev.tally.invoice.v1.GetUpcomingInvoiceRequest;
import dev.tally.invoice.v1.Invoice;
import dev.tally.invoice.v1.InvoiceKind;
import dev.tally.invoice.v1.InvoiceStatus;
import dev.tally.invoice.v1.ListInvoicesRequest;
import dev.tally.invoice.v1.MarkInvoicePaidRequest;
import dev.tally.invoice.v1.OverageRounding;
import dev.tally.invoice.v1.Plan;
import dev.tally.invoice.v1.PurchaseCreditPackRequest;
import dev.tally.invoice.v1.PurchaseCreditPackResponse;
import dev.tally.invoice.v1.Subscription;
import dev.tally.invoice.v1.VoidInvoiceRequest;
import dev.tally.invoice.v1.VoidInvoiceResponse;
import dev.tally.testing.PostgresResource;
import dev.tally.testing.TestDatabase;
import io.grpc.Status;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Invoices through their lifecycle: FINALIZED (immutable, numbered) → PAID or VOID with a credit
 * note; a DRAFT closing an open period cannot be finalized early; the live preview of the open
 * period; a purchase interrupted between its wallet grant and its invoice, repaired by a retry with
 * the same key, or by the job.
 */
@QuarkusTest
class InvoiceLifecycleTest extends InvoiceTest {

    @Test
    void voidingAFinalizedInvoiceIssuesACreditNoteAndPaidIsFinal() {
        Plan plan = createPlan(meteredPlan(
                unique("starter"), "29", "50000", "1000", "0.03", OverageRounding.OVERAGE_ROUNDING_PROPORTIONAL));
        Invoice opening = subscribe(createCustomer(), plan).getInvoice();
        assertThat(opening.getStatus()).isEqualTo(InvoiceStatus.INVOICE_STATUS_FINALIZED);

        String key = key();
        VoidInvoiceResponse voided = invoice.voidInvoice(VoidInvoiceRequest.newBuilder()
                .setIdempotencyKey(key)
                .setInvoiceId(opening.getInvoiceId())
                .setVoidReason("billed in error")
                .build());
        assertThat(voided.getInvoice().getStatus()).isEqualTo(InvoiceStatus.INVOICE_STATUS_VOID);
        assertThat(voided.getInvoice().getInvoiceNumber()).isEqualTo(opening.getInvoiceNumber()); // keeps its number
        Invoice note = voided.getCreditNote();
        assertThat(note.getKind()).isEqualTo(InvoiceKind.INVOICE_KIND_CREDIT_NOTE);
        assertThat(note.getStatus()).isEqualTo(InvoiceStatus.INVOICE_STATUS_FINALIZED);
        assertThat(note.getInvoiceNumber()).matches("TALLY-2026-\\d{6}").isNotEqualTo(opening.getInvoiceNumber());
        assertThat(note.getTotal().getAmount()).isEqualTo("-29.00");
        assertThat(count("SELECT count(*) FROM invoice WHERE credited_invoice_id = '" + opening.getInvoiceId() + "'"))
                .isEqualTo(1);
        assertThat(invoice.voidInvoice(VoidInvoiceRequest.newBuilder()
                                .setIdempotencyKey(key)
                                .setInvoiceId(opening.getInvoiceId())
                                .setVoidReason("billed in error")
                                .build())
                        .getDuplicate())
                .isTrue();
        assertThat(failure(() -> invoice.markInvoicePaid(MarkInvoicePaidRequest.newBuilder()
                                .setIdempotencyKey(key())
                                .setInvoiceId(opening.getInvoiceId())
                                .build()))
                        .code())
                .isEqualTo(Status.Code.FAILED_PRECONDITION);

        Invoice other = subscribe(createCustomer(), plan).getInvoice();
        Invoice paid = invoice.markInvoicePaid(MarkInvoicePaidRequest.newBuilder()
                        .setIdempotencyKey(key())
                        .setInvoiceId(other.getInvoiceId())
                        .setPaymentReference("pay_123")
                        .build())
                .getInvoice();
        assertThat(paid.getStatus()).isEqualTo(InvoiceStatus.INVOICE_STATUS_PAID);
        Failure voidPaid = failure(() -> invoice.voidInvoice(VoidInvoiceRequest.newBuilder()
                .setIdempotencyKey(key())
                .setInvoiceId(other.getInvoiceId())
                .setVoidReason("duplicate")
                .build()));
        assertThat(voidPaid.code()).isEqualTo(Status.Code.FAILED_PRECONDITION);
        assertThat(voidPaid.reason()).isEqualTo("INVALID_STATE");

        // finalized means immutable, in the database itself
        TestDatabase pg = TestDatabase.get();
        assertThatThrownBy(() -> pg.executeIn(
                        PostgresResource.currentDatabase(),
                        "UPDATE invoice_line SET amount = 1 WHERE invoice_id = '" + other.getInvoiceId() + "'"))
                .hasStackTraceContaining("cannot change");
    }

    @Test
    void aClosingDraftIsFinalizedByTheCloseNotBefore() {
        Plan plan = createPlan(balancePlan(unique("balance"), "50"));
        String customer = createCustomer();
        Subscription sub = subscribe(customer, plan).getSubscription();
        clock.set(Instant.parse("2026-03-20T00:00:00Z"));
        Invoice draft = invoice.cancelSubscription(CancelSubscriptionRequest.newBuilder()
                        .setIdempotencyKey(key())
                        .setSubscriptionId(sub.getSubscriptionId())
                        .setCancelImmediately(true)
                        .build())
                .getClosingInvoice();

        Failure early = failure(() -> invoice.finalizeInvoice(FinalizeInvoiceRequest.newBuilder()
                .setIdempotencyKey(key())
                .setInvoiceId(draft.getInvoiceId())
                .build()));
        assertThat(early.code()).isEqualTo(Status.Code.FAILED_PRECONDITION);
        assertThat(early.reason()).isEqualTo("INVALID_STATE");

        wallet.setShortfall(customer, "USD", "1.005");
        clock.advance(Duration.ofHours(1));
        runJob();
        Invoice closed = invoice.listInvoices(ListInvoicesRequest.newBuilder()
                        .setCustomerId(customer)
                        .setKind(InvoiceKind.INVOICE_KIND_PERIOD)
                        .build())
                .getInvoices(0);
        assertThat(closed.getInvoiceId()).isEqualTo(draft.getInvoiceId());
        assertThat(closed.getStatus()).isEqualTo(InvoiceStatus.INVOICE_STATUS_FINALIZED);
        // one line, rounded once half-up to the cent: 1.005 -> 1.01; no base: the subscription ended
        assertThat(closed.getLinesList())
                .singleElement()
                .satisfies(l -> assertThat(l.getAmount().getAmount()).isEqualTo("1.01"));
    }

    @Test
    void theUpcomingInvoicePreviewsTheOpenPeriodAndStoresNothing() {
        Plan plan = createPlan(meteredPlan(
                unique("starter"), "29", "50000", "1000", "0.03", OverageRounding.OVERAGE_ROUNDING_PROPORTIONAL));
        String customer = createCustomer();
        subscribe(customer, plan);
        usage.set(customer, Map.of("chat_tokens", "80500"), 0);
        long invoices = count("SELECT count(*) FROM invoice");

        Invoice upcoming = invoice.getUpcomingInvoice(GetUpcomingInvoiceRequest.newBuilder()
                        .setCustomerId(customer)
                        .build())
                .getInvoice();

        assertThat(upcoming.getLinesList())
                .extracting(l -> l.getLineType() + " " + l.getAmount().getAmount())
                .containsExactly("INVOICE_LINE_TYPE_BASE 29.00", "INVOICE_LINE_TYPE_OVERAGE 0.92");
        assertThat(upcoming.getTotal().getAmount()).isEqualTo("29.92");
        assertThat(upcoming.getInvoiceNumber()).isEmpty();
        assertThat(count("SELECT count(*) FROM invoice")).isEqualTo(invoices);
    }

    @Test
    void aPurchaseWhoseAnswerWasLostIsCompletedByARetryWithTheSameKey() {
        Plan plan = createPlan(creditsPlan(unique("credits")));
        String customer = createCustomer();
        subscribe(customer, plan);
        String key = key();
        PurchaseCreditPackRequest request = PurchaseCreditPackRequest.newBuilder()
                .setIdempotencyKey(key)
                .setCustomerId(customer)
                .setCreditPackCode("pack_500")
                .build();

        wallet.loseNextAnswers(1); // the grant is made, its answer lost: a crash in between
        assertThat(failure(() -> invoice.purchaseCreditPack(request)).code()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(count("SELECT count(*) FROM invoice WHERE customer_id = '" + customer
                        + "' AND kind = 'PURCHASE' AND status = 'DRAFT'"))
                .isEqualTo(1);

        PurchaseCreditPackResponse retried = invoice.purchaseCreditPack(request);
        assertThat(retried.getDuplicate()).isFalse();
        assertThat(retried.getInvoice().getStatus()).isEqualTo(InvoiceStatus.INVOICE_STATUS_FINALIZED);
        assertThat(invoice.purchaseCreditPack(request).getDuplicate()).isTrue();
        assertThat(wallet.applied("GrantCredits", customer)).hasSize(2); // the period's + one pack
        assertThat(count("SELECT count(*) FROM invoice WHERE customer_id = '" + customer + "' AND kind = 'PURCHASE'"))
                .isEqualTo(1);
    }

    @Test
    void aPurchaseNeverRetriedIsCompletedByTheJob() {
        Plan plan = createPlan(creditsPlan(unique("credits")));
        String customer = createCustomer();
        subscribe(customer, plan);
        wallet.loseNextAnswers(1);
        failure(() -> invoice.purchaseCreditPack(PurchaseCreditPackRequest.newBuilder()
                .setIdempotencyKey(key())
                .setCustomerId(customer)
                .setCreditPackCode("pack_500")
                .build()));

        clock.advance(Duration.ofMinutes(2)); // past tally.invoice.billing.purchase-repair-delay
        assertThat(runJob().purchases()).isPositive();
        assertThat(count("SELECT count(*) FROM invoice WHERE customer_id = '" + customer
                        + "' AND kind = 'PURCHASE' AND status = 'FINALIZED'"))
                .isEqualTo(1);
        assertThat(wallet.applied("GrantCredits", customer)).hasSize(2);
    }
}
