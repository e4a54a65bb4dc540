package dev.tally.invoice.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.shared.plan.ConsumptionModel;
import org.junit.jupiter.api.Test;

class PeriodStepTest {

    @Test
    void closeStepOrder() {
        // usage (after pending debits) -> settle -> expire -> invoice; METERED has no wallet steps
        assertThat(PeriodStep.closing(ConsumptionModel.CREDITS))
                .containsExactly(PeriodStep.USAGE, PeriodStep.SETTLE, PeriodStep.EXPIRE, PeriodStep.INVOICE);
        assertThat(PeriodStep.closing(ConsumptionModel.BALANCE))
                .containsExactly(PeriodStep.USAGE, PeriodStep.SETTLE, PeriodStep.EXPIRE, PeriodStep.INVOICE);
        assertThat(PeriodStep.closing(ConsumptionModel.METERED)).containsExactly(PeriodStep.USAGE, PeriodStep.INVOICE);
    }

    @Test
    void walletKeysNameSubscriptionPeriodAndStep() {
        assertThat(PeriodStep.SETTLE.walletKey("sub_1/3")).isEqualTo("period:sub_1/3:settle");
        assertThat(PeriodStep.GRANT.walletKey("sub_1/0")).isEqualTo("period:sub_1/0:grant");
        String longest = "sub_" + "f".repeat(32) + "/" + Integer.MAX_VALUE;
        assertThat(PeriodStep.EXPIRE.walletKey(longest).length()).isLessThanOrEqualTo(128);
    }

    @Test
    void invoiceNumbers() {
        assertThat(InvoiceNumbers.format("TALLY", 2026, 1)).isEqualTo("TALLY-2026-000001");
        assertThat(InvoiceNumbers.format("TALLY", 2026, 1_234_567)).isEqualTo("TALLY-2026-1234567");
    }

    @Test
    void periodGrants() {
        assertThat(PeriodGrant.of(Plans.credits("20", "1000", "0.01").terms())).satisfies(g -> {
            assertThat(g.amount().amountText()).isEqualTo("1000");
            assertThat(g.amount().currency()).isEqualTo("CREDITS");
            assertThat(g.source()).isEqualTo(PeriodGrant.Source.SUBSCRIPTION);
        });
        assertThat(PeriodGrant.of(Plans.balance("50").terms()).source()).isEqualTo(PeriodGrant.Source.PERIOD_BALANCE);
        assertThat(PeriodGrant.of(Plans.balance("0").terms())).isNull();
        assertThat(PeriodGrant.of(Plans.credits("20", "0", "0.01").terms())).isNull();
    }
}
