package dev.tally.catalog.domain.sync;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Counts skipped source entries by reason while a source is read and diffed. */
public final class SkipTally {

    static final int MAX_EXAMPLES = 5;

    private final Map<SkipReason, Integer> counts = new EnumMap<>(SkipReason.class);
    private final Map<SkipReason, List<String>> examples = new EnumMap<>(SkipReason.class);

    public static SkipTally of(List<SkippedEntries> entries) {
        SkipTally tally = new SkipTally();
        for (SkippedEntries e : entries) {
            tally.counts.merge(e.reason(), e.count(), Integer::sum);
            tally.examples.computeIfAbsent(e.reason(), r -> new ArrayList<>()).addAll(e.exampleKeys());
        }
        return tally;
    }

    public void add(SkipReason reason, String key) {
        counts.merge(reason, 1, Integer::sum);
        List<String> list = examples.computeIfAbsent(reason, r -> new ArrayList<>());
        if (list.size() < MAX_EXAMPLES) {
            list.add(key);
        }
    }

    public int total() {
        return counts.values().stream().mapToInt(Integer::intValue).sum();
    }

    public List<SkippedEntries> toList() {
        List<SkippedEntries> list = new ArrayList<>();
        counts.forEach((reason, count) -> list.add(new SkippedEntries(reason, count, examples.get(reason))));
        return list;
    }
}
