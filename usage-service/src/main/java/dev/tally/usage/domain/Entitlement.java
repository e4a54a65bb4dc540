package dev.tally.usage.domain;

import dev.tally.shared.plan.ConsumptionModel;
import dev.tally.shared.plan.Period;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * What invoice-service says about a customer at one instant (GetCustomerEntitlements): the
 * subscription, the plan version in force with its consumption model, currency and features, the
 * billing period containing that instant and its closing state.
 *
 * @param currency       the plan's ISO 4217 currency (BALANCE charges are in it)
 * @param graceEnd       late events of the period are accepted until this instant
 * @param periodClosed   the period no longer accepts events (closed, or past its grace end when read)
 * @param closedBefore   events before this instant are in a closed period (null: none closed)
 * @param cacheUntil     the answer may be cached until then (null: no limit given)
 */
public record Entitlement(
        String customerId,
        String subscriptionId,
        String planId,
        int planVersion,
        ConsumptionModel model,
        String currency,
        Map<String, PlanFeature> features,
        Period period,
        Instant graceEnd,
        boolean periodClosed,
        Instant closedBefore,
        Instant cacheUntil) {

    public Entitlement {
        Objects.requireNonNull(customerId, "customerId");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(period, "period");
        Objects.requireNonNull(graceEnd, "graceEnd");
        features = Map.copyOf(features);
    }

    /** The feature with this code, or null when it is not on the plan. */
    public PlanFeature feature(String code) {
        return features.get(code);
    }

    /** The wallet unit this plan debits: "CREDITS", the plan currency, or null for METERED. */
    public String walletUnit() {
        return switch (model) {
            case METERED -> null;
            case CREDITS -> "CREDITS";
            case BALANCE -> currency;
        };
    }
}
