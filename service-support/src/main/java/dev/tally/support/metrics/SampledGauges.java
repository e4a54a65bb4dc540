package dev.tally.support.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One gauge per value of a tag, set together from a sample (e.g. {@code SELECT state, count(*) ...
 * GROUP BY state} run periodically), so that every replica reports the database's numbers. Tag
 * values missing from a sample read 0; the known ones are registered up front so they read 0 before
 * the first sample instead of being absent.
 */
public final class SampledGauges {

    private final MeterRegistry registry;
    private final String name;
    private final String description;
    private final String tag;
    private final Map<String, AtomicLong> values = new ConcurrentHashMap<>();

    public SampledGauges(
            MeterRegistry registry, String name, String description, String tag, Collection<String> known) {
        this.registry = registry;
        this.name = name;
        this.description = description;
        this.tag = tag;
        known.forEach(this::gauge);
    }

    /** Sets every gauge from {@code sample} (tag value → count); the others to 0. */
    public void set(Map<String, Long> sample) {
        values.forEach((value, gauge) -> gauge.set(sample.getOrDefault(value, 0L)));
        sample.forEach((value, count) -> gauge(value).set(count));
    }

    private AtomicLong gauge(String value) {
        return values.computeIfAbsent(value, v -> {
            AtomicLong holder = new AtomicLong();
            Gauge.builder(name, holder, AtomicLong::get)
                    .description(description)
                    .tag(tag, v)
                    .register(registry);
            return holder;
        });
    }
}
