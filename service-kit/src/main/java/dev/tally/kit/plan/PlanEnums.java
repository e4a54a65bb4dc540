package dev.tally.kit.plan;

import dev.tally.shared.plan.ConsumptionModel;
import dev.tally.shared.plan.MeterType;
import dev.tally.shared.plan.OveragePolicy;

/**
 * The shared plan terms between the contract and the domain, by exhaustive {@code switch} in both
 * directions (a value added on either side breaks the build until it is mapped). Contract to domain
 * maps {@code *_UNSPECIFIED} and {@code UNRECOGNIZED} to null: the caller decides whether that is a
 * field violation (a request) or a documented default (an answer from another service).
 */
public final class PlanEnums {

    private PlanEnums() {}

    public static MeterType meterType(dev.tally.invoice.v1.MeterType value) {
        return switch (value) {
            case METER_TYPE_UNITS -> MeterType.UNITS;
            case METER_TYPE_TOKENS -> MeterType.TOKENS;
            case METER_TYPE_UNSPECIFIED, UNRECOGNIZED -> null;
        };
    }

    public static dev.tally.invoice.v1.MeterType meterType(MeterType value) {
        return switch (value) {
            case UNITS -> dev.tally.invoice.v1.MeterType.METER_TYPE_UNITS;
            case TOKENS -> dev.tally.invoice.v1.MeterType.METER_TYPE_TOKENS;
        };
    }

    public static OveragePolicy overagePolicy(dev.tally.invoice.v1.OveragePolicy value) {
        return switch (value) {
            case OVERAGE_POLICY_ALLOW -> OveragePolicy.ALLOW;
            case OVERAGE_POLICY_BLOCK -> OveragePolicy.BLOCK;
            case OVERAGE_POLICY_UNSPECIFIED, UNRECOGNIZED -> null;
        };
    }

    public static dev.tally.invoice.v1.OveragePolicy overagePolicy(OveragePolicy value) {
        return switch (value) {
            case ALLOW -> dev.tally.invoice.v1.OveragePolicy.OVERAGE_POLICY_ALLOW;
            case BLOCK -> dev.tally.invoice.v1.OveragePolicy.OVERAGE_POLICY_BLOCK;
        };
    }

    public static ConsumptionModel consumptionModel(dev.tally.common.v1.ConsumptionModel value) {
        return switch (value) {
            case CONSUMPTION_MODEL_METERED -> ConsumptionModel.METERED;
            case CONSUMPTION_MODEL_CREDITS -> ConsumptionModel.CREDITS;
            case CONSUMPTION_MODEL_BALANCE -> ConsumptionModel.BALANCE;
            case CONSUMPTION_MODEL_UNSPECIFIED, UNRECOGNIZED -> null;
        };
    }

    public static dev.tally.common.v1.ConsumptionModel consumptionModel(ConsumptionModel value) {
        return switch (value) {
            case METERED -> dev.tally.common.v1.ConsumptionModel.CONSUMPTION_MODEL_METERED;
            case CREDITS -> dev.tally.common.v1.ConsumptionModel.CONSUMPTION_MODEL_CREDITS;
            case BALANCE -> dev.tally.common.v1.ConsumptionModel.CONSUMPTION_MODEL_BALANCE;
        };
    }
}
