package dev.tally.invoice.domain;

import dev.tally.shared.plan.MeterType;
import dev.tally.shared.plan.OveragePolicy;

/** What every billable feature has, whatever the consumption model: keyed by the event code. */
public record Feature(
        String code, String displayName, String displayUnit, MeterType meterType, OveragePolicy overagePolicy) {}
