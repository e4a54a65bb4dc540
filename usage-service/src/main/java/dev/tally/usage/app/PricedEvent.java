package dev.tally.usage.app;

import dev.tally.usage.domain.Entitlement;
import dev.tally.usage.domain.EventCharge;
import dev.tally.usage.domain.PlanFeature;

/** A Track item resolved against its plan and priced ({@link dev.tally.usage.domain.ChargeRule}). */
public record PricedEvent(TrackItem item, Entitlement plan, PlanFeature feature, EventCharge charge) {}
