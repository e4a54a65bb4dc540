package dev.tally.kit.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.shared.plan.ConsumptionModel;
import dev.tally.shared.plan.MeterType;
import dev.tally.shared.plan.OveragePolicy;
import org.junit.jupiter.api.Test;

class PlanEnumsTest {

    @Test
    void everyDomainValueMapsToTheContractAndBack() {
        for (MeterType v : MeterType.values()) {
            assertThat(PlanEnums.meterType(PlanEnums.meterType(v))).isEqualTo(v);
        }
        for (OveragePolicy v : OveragePolicy.values()) {
            assertThat(PlanEnums.overagePolicy(PlanEnums.overagePolicy(v))).isEqualTo(v);
        }
        for (ConsumptionModel v : ConsumptionModel.values()) {
            assertThat(PlanEnums.consumptionModel(PlanEnums.consumptionModel(v)))
                    .isEqualTo(v);
        }
    }

    @Test
    void unsetContractValuesAreNullForTheCallerToDecide() {
        assertThat(PlanEnums.meterType(dev.tally.invoice.v1.MeterType.METER_TYPE_UNSPECIFIED))
                .isNull();
        assertThat(PlanEnums.overagePolicy(dev.tally.invoice.v1.OveragePolicy.OVERAGE_POLICY_UNSPECIFIED))
                .isNull();
        assertThat(PlanEnums.consumptionModel(dev.tally.common.v1.ConsumptionModel.CONSUMPTION_MODEL_UNSPECIFIED))
                .isNull();
        assertThat(PlanEnums.meterType(dev.tally.invoice.v1.MeterType.UNRECOGNIZED))
                .isNull();
    }
}
