package dev.tally.invoice;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.common.v1.Money;
import dev.tally.common.v1.TimeRange;
import dev.tally.invoice.v1.BalanceFeature;
import dev.tally.invoice.v1.BalancePlan;
import dev.tally.invoice.v1.BillingInterval;
import dev.tally.invoice.v1.CreateSubscriptionResponse;
import dev.tally.invoice.v1.GetPlanRequest;
import dev.tally.invoice.v1.GetSubscriptionRequest;
import dev.tally.invoice.v1.Invoice;
import dev.tally.invoice.v1.InvoiceKind;
import dev.tally.invoice.v1.InvoiceLine;
import dev.tally.invoice.v1.InvoiceLineType;
import dev.tally.invoice.v1.ListInvoicesRequest;
import dev.tally.invoice.v1.ListInvoicesResponse;
import dev.tally.invoice.v1.MeterType;
import dev.tally.invoice.v1.Plan;
import dev.tally.invoice.v1.Subscription;
import dev.tally.invoice.v1.TopUpRequest;
import dev.tally.invoice.v1.TopUpResponse;
import dev.tally.invoice.v1.VoidInvoiceRequest;
import dev.tally.invoice.v1.VoidInvoiceResponse;
import dev.tally.support.proto.ProtoTime;
import dev.tally.wallet.v1.GrantCreditsRequest;
import io.grpc.Status;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Which period everything belongs to, and invoice money at the currency's scale, through gRPC: the
 * subscription's period reference (the wallet grants' period_reference) and the grants' period
 * bounds; a service period on every line (purchases: the open period; credit notes: the line they
 * cancel); ListInvoices' period filter (overlap of half-open ranges, bad ranges refused with the
 * field named); amounts sent at exactly the scale of USD, JPY and BHD, prices with every digit.
 */
@QuarkusTest
class InvoicePeriodsTest extends InvoiceTest {

    private static final Instant APRIL_1 = Instant.parse("2026-04-01T00:00:00Z");
    private static final Instant MAY_1 = Instant.parse("2026-05-01T00:00:00Z");

    @Test
    void everyLineNamesItsPeriodAndTheListFindsAnInvoiceByIt() {
        Plan plan = createPlan(balancePlan(unique("balance"), "50.5"));
        String customer = createCustomer();
        CreateSubscriptionResponse subscribed = subscribe(customer, plan);
        Subscription sub = subscribed.getSubscription();
        Invoice opening = subscribed.getInvoice();

        // March (period 0): the subscription and the wallet grant name it the same way, with its bounds
        assertThat(sub.getCurrentPeriodReference()).isEqualTo(sub.getSubscriptionId() + "/0");
        GrantCreditsRequest marchGrant = (GrantCreditsRequest)
                wallet.applied("GrantCredits", customer).get(0).request();
        assertThat(marchGrant.getPeriodReference()).isEqualTo(sub.getCurrentPeriodReference());
        assertThat(marchGrant.getPeriod()).isEqualTo(sub.getCurrentPeriod());
        assertThat(marchGrant.getPeriod()).isEqualTo(range(MARCH_1, APRIL_1));

        // a top-up in March: its line names March, the subscription's open period
        clock.set(Instant.parse("2026-03-20T10:00:00Z"));
        TopUpResponse topUp = invoice.topUp(TopUpRequest.newBuilder()
                .setIdempotencyKey(key())
                .setCustomerId(customer)
                .setAmount(usd("20"))
                .build());
        assertThat(topUp.getInvoice().getLines(0).getServicePeriod()).isEqualTo(range(MARCH_1, APRIL_1));

        // April: renewed (reference /1, grant with April's bounds); March's $6 shortfall billed after its grace
        clock.set(APRIL_1);
        runJob();
        Subscription renewed = invoice.getSubscription(GetSubscriptionRequest.newBuilder()
                        .setSubscriptionId(sub.getSubscriptionId())
                        .build())
                .getSubscription();
        assertThat(renewed.getCurrentPeriodReference()).isEqualTo(sub.getSubscriptionId() + "/1");
        GrantCreditsRequest aprilGrant = (GrantCreditsRequest)
                wallet.applied("GrantCredits", customer).get(1).request();
        assertThat(aprilGrant.getPeriodReference()).isEqualTo(renewed.getCurrentPeriodReference());
        assertThat(aprilGrant.getPeriod()).isEqualTo(range(APRIL_1, MAY_1));
        wallet.setShortfall(customer, "USD", "6");
        clock.set(APRIL_1.plus(Duration.ofHours(1)));
        runJob();
        Invoice renewal = listIds(ListInvoicesRequest.newBuilder()
                        .setCustomerId(customer)
                        .setKind(InvoiceKind.INVOICE_KIND_PERIOD)
                        .setPeriod(range(APRIL_1, MAY_1)))
                .getInvoices(0);
        assertThat(renewal.getLinesList())
                .extracting(InvoiceLine::getLineType, InvoiceLine::getServicePeriod)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                InvoiceLineType.INVOICE_LINE_TYPE_BASE, range(APRIL_1, MAY_1)),
                        org.assertj.core.groups.Tuple.tuple(
                                InvoiceLineType.INVOICE_LINE_TYPE_SHORTFALL, range(MARCH_1, APRIL_1)));

        // March: the opening invoice (March's base), the top-up made in March, and the renewal that
        // carries March's usage in arrears, newest first
        assertThat(ids(ListInvoicesRequest.newBuilder().setCustomerId(customer).setPeriod(range(MARCH_1, APRIL_1))))
                .containsExactly(renewal.getInvoiceId(), topUp.getInvoice().getInvoiceId(), opening.getInvoiceId());
        // any overlap counts: the last second of March
        assertThat(ids(ListInvoicesRequest.newBuilder()
                        .setCustomerId(customer)
                        .setPeriod(range(APRIL_1.minusSeconds(1), APRIL_1))))
                .hasSize(3);
        // half-open: a range starting where March ends finds only what bills April
        assertThat(ids(ListInvoicesRequest.newBuilder().setCustomerId(customer).setPeriod(range(APRIL_1, MAY_1))))
                .containsExactly(renewal.getInvoiceId());
        assertThat(ids(ListInvoicesRequest.newBuilder()
                        .setCustomerId(customer)
                        .setPeriod(range(MAY_1, MAY_1.plusSeconds(60)))))
                .isEmpty();
        // the filter combines with the others
        assertThat(ids(ListInvoicesRequest.newBuilder()
                        .setCustomerId(customer)
                        .setKind(InvoiceKind.INVOICE_KIND_PURCHASE)
                        .setPeriod(range(MARCH_1, APRIL_1))))
                .containsExactly(topUp.getInvoice().getInvoiceId());

        // pages of a period-filtered list: the token is bound to the period
        ListInvoicesResponse first = listIds(ListInvoicesRequest.newBuilder()
                .setCustomerId(customer)
                .setPeriod(range(MARCH_1, APRIL_1))
                .setPageSize(2));
        assertThat(first.getInvoicesList()).hasSize(2);
        ListInvoicesResponse second = listIds(ListInvoicesRequest.newBuilder()
                .setCustomerId(customer)
                .setPeriod(range(MARCH_1, APRIL_1))
                .setPageSize(2)
                .setPageToken(first.getNextPageToken()));
        assertThat(second.getInvoicesList()).extracting(Invoice::getInvoiceId).containsExactly(opening.getInvoiceId());
        assertThat(second.getNextPageToken()).isEmpty();
        assertThat(failure(() -> invoice.listInvoices(ListInvoicesRequest.newBuilder()
                                .setCustomerId(customer)
                                .setPeriod(range(APRIL_1, MAY_1))
                                .setPageSize(2)
                                .setPageToken(first.getNextPageToken())
                                .build()))
                        .code())
                .isEqualTo(Status.Code.INVALID_ARGUMENT);

        // a credit note's lines name the periods of the lines they cancel
        VoidInvoiceResponse voided = invoice.voidInvoice(VoidInvoiceRequest.newBuilder()
                .setIdempotencyKey(key())
                .setInvoiceId(renewal.getInvoiceId())
                .setVoidReason("test")
                .build());
        assertThat(voided.getCreditNote().getLinesList())
                .extracting(InvoiceLine::getServicePeriod)
                .containsExactly(range(APRIL_1, MAY_1), range(MARCH_1, APRIL_1));
        assertThat(voided.getCreditNote().getTotal().getAmount()).isEqualTo("-56.50");
        assertThat(count("SELECT count(*) FROM invoice_line l JOIN invoice i USING (invoice_id)"
                        + " WHERE i.customer_id = '" + customer + "' AND l.service_start IS NULL"))
                .isZero();
    }

    @Test
    void aBadPeriodFilterIsRefusedWithTheFieldNamed() {
        Failure noEnd = failure(() -> invoice.listInvoices(ListInvoicesRequest.newBuilder()
                .setPeriod(TimeRange.newBuilder().setStartTime(ProtoTime.timestamp(MARCH_1)))
                .build()));
        assertThat(noEnd.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(noEnd.reason()).isEqualTo("VALIDATION_FAILED");
        assertThat(noEnd.fields()).containsExactly("period.end_time");

        Failure empty = failure(() -> invoice.listInvoices(ListInvoicesRequest.newBuilder()
                .setPeriod(TimeRange.getDefaultInstance())
                .build()));
        assertThat(empty.fields()).containsExactly("period.start_time", "period.end_time");

        Failure backwards = failure(() -> invoice.listInvoices(ListInvoicesRequest.newBuilder()
                .setPeriod(range(APRIL_1, MARCH_1))
                .build()));
        assertThat(backwards.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(backwards.fields()).containsExactly("period.end_time");

        Failure instant = failure(() -> invoice.listInvoices(ListInvoicesRequest.newBuilder()
                .setPeriod(range(APRIL_1, APRIL_1))
                .build()));
        assertThat(instant.fields()).containsExactly("period.end_time");

        Failure alsoPageSize = failure(() -> invoice.listInvoices(ListInvoicesRequest.newBuilder()
                .setPageSize(-1)
                .setPeriod(range(APRIL_1, MARCH_1))
                .build()));
        assertThat(alsoPageSize.fields()).contains("page_size", "period.end_time");
    }

    @Test
    void invoiceAmountsComeAtTheCurrencysScaleAndPricesKeepTheirDigits() {
        // USD: 2 digits. Base 50.5, a units feature at 0.0025 per unit
        Plan usd = createPlan(unitsPlan(unique("usd"), "USD", "50.5", "0.0025"));
        assertThat(usd.getBasePrice().getAmount()).isEqualTo("50.50");
        assertThat(usd.getBalance().getFeatures(0).getUnitPrice().getAmount()).isEqualTo("0.0025");
        Invoice usdOpening = subscribe(createCustomer("USD"), usd).getInvoice();
        assertThat(usdOpening.getLines(0).getUnitPrice().getAmount()).isEqualTo("50.50");
        assertThat(usdOpening.getLines(0).getAmount().getAmount()).isEqualTo("50.50");
        assertThat(usdOpening.getSubtotal().getAmount()).isEqualTo("50.50");
        assertThat(usdOpening.getTotal().getAmount()).isEqualTo("50.50");
        // the stored plan answers the same way
        assertThat(invoice.getPlan(GetPlanRequest.newBuilder()
                                .setPlanId(usd.getPlanId())
                                .build())
                        .getPlan()
                        .getBasePrice()
                        .getAmount())
                .isEqualTo("50.50");

        // a $0 base: "0.00"
        Invoice free = subscribe(createCustomer("USD"), createPlan(unitsPlan(unique("free"), "USD", "0", "1")))
                .getInvoice();
        assertThat(free.getTotal().getAmount()).isEqualTo("0.00");

        // JPY: no minor unit. A base of 1234.5 yen is billed 1235 (the one rounding), its price kept
        Plan jpy = createPlan(unitsPlan(unique("jpy"), "JPY", "1234.5", "3"));
        assertThat(jpy.getBasePrice().getAmount()).isEqualTo("1234.5");
        assertThat(jpy.getBalance().getFeatures(0).getUnitPrice().getAmount()).isEqualTo("3");
        Invoice yen = subscribe(createCustomer("JPY"), jpy).getInvoice();
        assertThat(yen.getLines(0).getUnitPrice().getAmount()).isEqualTo("1234.5");
        assertThat(yen.getLines(0).getAmount().getAmount()).isEqualTo("1235");
        assertThat(yen.getTotal().getAmount()).isEqualTo("1235");

        // BHD: three digits
        Plan bhd = createPlan(unitsPlan(unique("bhd"), "BHD", "1.5", "0.25"));
        assertThat(bhd.getBasePrice().getAmount()).isEqualTo("1.500");
        assertThat(bhd.getBalance().getFeatures(0).getUnitPrice().getAmount()).isEqualTo("0.250");
        Invoice dinar = subscribe(createCustomer("BHD"), bhd).getInvoice();
        assertThat(dinar.getLines(0).getAmount().getAmount()).isEqualTo("1.500");
        assertThat(dinar.getTotal().getAmount()).isEqualTo("1.500");
    }

    private ListInvoicesResponse listIds(ListInvoicesRequest.Builder request) {
        return invoice.listInvoices(request.build());
    }

    private List<String> ids(ListInvoicesRequest.Builder request) {
        return listIds(request).getInvoicesList().stream()
                .map(Invoice::getInvoiceId)
                .toList();
    }

    private static TimeRange range(Instant start, Instant end) {
        return TimeRange.newBuilder()
                .setStartTime(ProtoTime.timestamp(start))
                .setEndTime(ProtoTime.timestamp(end))
                .build();
    }

    /** A BALANCE plan in {@code currency} with one units feature at {@code unitPrice}. */
    private static Plan unitsPlan(String code, String currency, String base, String unitPrice) {
        return Plan.newBuilder()
                .setPlanCode(code)
                .setDisplayName(code)
                .setCurrencyCode(currency)
                .setBasePrice(money(base, currency))
                .setBillingInterval(BillingInterval.BILLING_INTERVAL_MONTH)
                .setBalance(BalancePlan.newBuilder()
                        .addFeatures(BalanceFeature.newBuilder()
                                .setFeature(feature("image", MeterType.METER_TYPE_UNITS))
                                .setUnitPrice(money(unitPrice, currency))))
                .build();
    }

    private static Money money(String amount, String currency) {
        return Money.newBuilder().setAmount(amount).setCurrencyCode(currency).build();
    }
}
