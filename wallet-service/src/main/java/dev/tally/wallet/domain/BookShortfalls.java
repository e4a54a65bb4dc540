package dev.tally.wallet.domain;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The outstanding shortfall of one balance, oldest occurred time first, and what changed. Loaded
 * only for commands that pay, claim or cancel shortfall ({@link Needs#shortfalls()}); debits just
 * record new shortfall.
 */
final class BookShortfalls {

    /** Oldest first: grants pay, and claims list, in this order. */
    static final Comparator<Shortfall> ORDER =
            Comparator.comparing(Shortfall::occurredTime).thenComparing(Shortfall::debitId);

    /** Outstanding lots in {@link #ORDER}; null when not loaded. */
    private final List<Shortfall> outstanding;

    private final Map<UUID, Shortfall> created = new LinkedHashMap<>();
    private final Map<UUID, Shortfall> updated = new LinkedHashMap<>();

    private BookShortfalls(List<Shortfall> outstanding) {
        this.outstanding = outstanding;
    }

    /** @param outstanding the stored outstanding lots, or null when the command does not need them */
    static BookShortfalls of(List<Shortfall> outstanding) {
        if (outstanding == null) {
            return new BookShortfalls(null);
        }
        List<Shortfall> sorted = new ArrayList<>(
                outstanding.stream().filter(s -> s.outstanding().signum() > 0).toList());
        sorted.sort(ORDER);
        return new BookShortfalls(sorted);
    }

    /** A debit's new shortfall. */
    void record(Shortfall lot) {
        created.put(lot.debitId(), lot);
        if (outstanding != null) {
            int at = Collections.binarySearch(outstanding, lot, ORDER);
            outstanding.add(at < 0 ? -at - 1 : at, lot);
        }
    }

    /** The outstanding lots, oldest first (a copy: change them through {@link #replace}). */
    List<Shortfall> outstanding() {
        if (outstanding == null) {
            throw new IllegalStateException("the outstanding shortfall was not loaded for this command");
        }
        return List.copyOf(outstanding);
    }

    /** The outstanding lot of a debit, or null. */
    Shortfall find(UUID debitId) {
        return outstanding().stream()
                .filter(s -> s.debitId().equals(debitId))
                .findFirst()
                .orElse(null);
    }

    /** Records a changed lot; it leaves the outstanding list once nothing of it is outstanding. */
    void replace(Shortfall lot) {
        int at = -1;
        for (int i = 0; i < outstanding.size(); i++) {
            if (outstanding.get(i).debitId().equals(lot.debitId())) {
                at = i;
                break;
            }
        }
        if (lot.outstanding().signum() > 0) {
            outstanding.set(at, lot);
        } else {
            outstanding.remove(at);
        }
        (created.containsKey(lot.debitId()) ? created : updated).put(lot.debitId(), lot);
    }

    List<Shortfall> created() {
        return List.copyOf(created.values());
    }

    List<Shortfall> updated() {
        return List.copyOf(updated.values());
    }
}
