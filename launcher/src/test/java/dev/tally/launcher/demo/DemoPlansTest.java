package dev.tally.launcher.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.invoice.v1.Plan;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The demo data is what the README promises: a customer per consumption model, on known plans. */
class DemoPlansTest {

    private final Map<String, Plan> plans =
            DemoPlans.plans().stream().collect(Collectors.toMap(Plan::getPlanCode, Function.identity()));

    @Test
    void everyCustomerIsOnADemoPlanAndEveryConsumptionModelHasOne() {
        assertThat(DemoPlans.CUSTOMERS).allMatch(c -> plans.containsKey(c.planCode()));
        assertThat(DemoPlans.CUSTOMERS.stream().map(c -> plans.get(c.planCode()).getConsumptionModelCase()))
                .contains(
                        Plan.ConsumptionModelCase.METERED,
                        Plan.ConsumptionModelCase.CREDITS,
                        Plan.ConsumptionModelCase.BALANCE);
    }

    @Test
    void thePlansOfInvoiceServicesAcceptanceExamples() {
        Plan starter = plans.get(DemoPlans.STARTER);
        assertThat(starter.getBasePrice().getAmount()).isEqualTo("29");
        assertThat(starter.getMetered().getFeatures(0).getIncludedUnits()).isEqualTo("50000");
        assertThat(starter.getMetered().getFeatures(0).getOveragePricePerBlock().getAmount())
                .isEqualTo("0.03");
        assertThat(plans.get(DemoPlans.CREDITS).getCredits().getCreditPacks(0).getCreditPackCode())
                .isEqualTo(DemoPlans.PACK);
        assertThat(plans.get(DemoPlans.BALANCE).getBalance().getFeatures(0).getMargin())
                .isEqualTo("0.20");
        assertThat(plans.get(DemoPlans.PAYG).getBasePrice().getAmount()).isEqualTo("0");
    }
}
