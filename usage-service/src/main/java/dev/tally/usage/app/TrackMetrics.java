package dev.tally.usage.app;

import dev.tally.shared.plan.ConsumptionModel;
import dev.tally.support.error.TallyException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What the hot path did, as {@code tally_*} counters (per replica; sum over replicas):
 * <ul>
 *   <li>{@code tally_usage_events_tracked_total{model}}: new events stored, by consumption model;</li>
 *   <li>{@code tally_usage_events_priced_total{model}}: of those, events with a non-zero charge (a debit);</li>
 *   <li>{@code tally_usage_events_replayed_total}: retries answered with the stored result;</li>
 *   <li>{@code tally_usage_events_refused_total{code}}: items refused, by gRPC status code.</li>
 * </ul>
 */
@ApplicationScoped
public class TrackMetrics {

    private final MeterRegistry registry;
    private final Map<ConsumptionModel, Counter> tracked = new EnumMap<>(ConsumptionModel.class);
    private final Map<ConsumptionModel, Counter> priced = new EnumMap<>(ConsumptionModel.class);
    private final Counter replayed;

    TrackMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (ConsumptionModel model : ConsumptionModel.values()) {
            tracked.put(
                    model,
                    Counter.builder("tally.usage.events.tracked")
                            .tag("model", model.name())
                            .description("new usage events stored")
                            .register(registry));
            priced.put(
                    model,
                    Counter.builder("tally.usage.events.priced")
                            .tag("model", model.name())
                            .description("stored events with a non-zero charge")
                            .register(registry));
        }
        replayed = Counter.builder("tally.usage.events.replayed")
                .description("retries answered with the stored result")
                .register(registry);
    }

    void outcomes(List<? extends TrackOutcome<?>> outcomes) {
        for (TrackOutcome<?> outcome : outcomes) {
            if (outcome instanceof TrackOutcome.Recorded<?> r) {
                var charge = r.event().priced().charge();
                tracked.get(charge.model()).increment();
                if (charge.needsDebit()) {
                    priced.get(charge.model()).increment();
                }
            } else if (outcome instanceof TrackOutcome.Replayed<?>) {
                replayed.increment();
            }
        }
    }

    /** An item answered with an error (refused by a rule, or a failed flush: INTERNAL/UNAVAILABLE). */
    void refused(Throwable error) {
        String code = error instanceof TallyException e ? e.code().name() : "UNAVAILABLE";
        registry.counter("tally.usage.events.refused", "code", code).increment();
    }
}
