package dev.tally.invoice.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.shared.money.Money;
import dev.tally.shared.plan.Period;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PeriodInvoiceTest {

    private static final Period ENDED =
            new Period(Instant.parse("2026-03-01T00:00:00Z"), Instant.parse("2026-04-01T00:00:00Z"));
    private static final Period NEXT =
            new Period(Instant.parse("2026-04-01T00:00:00Z"), Instant.parse("2026-05-01T00:00:00Z"));

    @Test
    void renewalOfTheBriefsMeteredPlan() {
        // "$29/month including 50,000 tokens, overage $0.03 per 1,000 tokens", 80,500 used
        PlanVersion plan = Plans.version(
                "Starter",
                "29",
                new ModelTerms.Metered(
                        List.of(Plans.metered("chat_tokens", "50000", "1000", "0.03", OverageRounding.PROPORTIONAL))));
        List<InvoiceLine> lines = PeriodInvoice.closing(
                new PeriodInvoice.NextBase(plan, NEXT),
                new PeriodInvoice.MeteredUsage(plan, ENDED, Map.of("chat_tokens", new BigDecimal("80500"))));
        assertThat(lines).extracting(InvoiceLine::type).containsExactly(LineType.BASE, LineType.OVERAGE);
        InvoiceLine base = lines.get(0);
        assertThat(base.amount().amountText()).isEqualTo("29");
        assertThat(base.servicePeriod()).isEqualTo(NEXT); // in advance
        InvoiceLine overage = lines.get(1);
        assertThat(overage.quantity()).isEqualByComparingTo("30.5");
        assertThat(overage.unitPrice().amountText()).isEqualTo("0.03");
        assertThat(overage.usageUnits()).isEqualByComparingTo("30500");
        assertThat(overage.amount().amountText()).isEqualTo("0.92");
        assertThat(overage.servicePeriod()).isEqualTo(ENDED); // in arrears
        assertThat(overage.featureCode()).isEqualTo("chat_tokens");
        assertThat(overage.description()).contains("80,500", "50,000", "30.5");
        assertThat(InvoiceLines.total("USD", lines).amountText()).isEqualTo("29.92");
    }

    @Test
    void oneOverageLinePerFeatureWithOverageInPlanOrder() {
        PlanVersion plan = Plans.version(
                "Two",
                "10",
                new ModelTerms.Metered(List.of(
                        Plans.metered("a", "100", "10", "1", OverageRounding.PROPORTIONAL),
                        Plans.metered("b", "100", "10", "1", OverageRounding.PROPORTIONAL),
                        Plans.metered("c", "100", "10", "1", OverageRounding.PER_STARTED_BLOCK))));
        List<InvoiceLine> lines = PeriodInvoice.closing(
                null,
                new PeriodInvoice.MeteredUsage(
                        plan,
                        ENDED,
                        Map.of("c", new BigDecimal("101"), "a", new BigDecimal("150"), "b", new BigDecimal("90"))));
        assertThat(lines).extracting(InvoiceLine::featureCode).containsExactly("a", "c");
        assertThat(lines).extracting(l -> l.amount().amountText()).containsExactly("5", "1");
    }

    @Test
    void balanceShortfallIsBilledAsSettledBesideTheNextBase() {
        // acceptance 4: base $50.00 for the next period + overage $6.00 settled for the ended one
        PlanVersion plan = Plans.balance("50");
        List<InvoiceLine> lines = PeriodInvoice.closing(
                new PeriodInvoice.NextBase(plan, NEXT),
                new PeriodInvoice.SettledShortfall(plan, ENDED, Money.of("6.00", "USD")));
        assertThat(lines).extracting(InvoiceLine::type).containsExactly(LineType.BASE, LineType.SHORTFALL);
        assertThat(lines.get(1).quantity()).isEqualByComparingTo("6");
        assertThat(lines.get(1).unitPrice().amountText()).isEqualTo("1");
        assertThat(InvoiceLines.total("USD", lines).amountText()).isEqualTo("56");
    }

    @Test
    void creditsShortfallIsPricedPerCredit() {
        // 137 credits beyond all grants at $0.015: 2.055 -> 2.06
        PlanVersion plan = Plans.credits("20", "1000", "0.015");
        List<InvoiceLine> lines = PeriodInvoice.closing(
                null, new PeriodInvoice.SettledShortfall(plan, ENDED, new Money(new BigDecimal("137"), Money.CREDITS)));
        assertThat(lines).singleElement().satisfies(line -> {
            assertThat(line.type()).isEqualTo(LineType.SHORTFALL);
            assertThat(line.amount().amountText()).isEqualTo("2.06");
            assertThat(line.amount().currency()).isEqualTo("USD");
        });
    }

    @Test
    void nothingSettledAddsNoLine() {
        PlanVersion plan = Plans.balance("0");
        assertThat(PeriodInvoice.closing(null, new PeriodInvoice.SettledShortfall(plan, ENDED, Money.zero("USD"))))
                .isEmpty();
        // a $0 base plan still shows its base line (0.00) on a renewal
        assertThat(PeriodInvoice.closing(new PeriodInvoice.NextBase(plan, NEXT), null))
                .singleElement()
                .satisfies(l -> assertThat(l.amount().isZero()).isTrue());
    }

    @Test
    void theOpeningInvoiceHasOnlyTheFirstBasePrice() {
        PlanVersion plan = Plans.credits("20", "1000", "0.01");
        assertThat(PeriodInvoice.opening(new PeriodInvoice.NextBase(plan, NEXT)))
                .singleElement()
                .satisfies(l -> {
                    assertThat(l.type()).isEqualTo(LineType.BASE);
                    assertThat(l.amount().amountText()).isEqualTo("20");
                });
    }
}
