package dev.tally.wallet.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The grants a balance book knows: the open ones in consumption order ({@link GrantOrder}), others
 * loaded for a reversal (used up or closed), each as it is now, and what changed.
 */
final class BookGrants {

    private final List<Grant> open;
    private final Map<UUID, Grant> known = new HashMap<>();
    private final Map<UUID, Grant> created = new LinkedHashMap<>();
    private final Map<UUID, Grant> updated = new LinkedHashMap<>();

    /**
     * @param openGrants the balance's open grants
     * @param others     further grants (e.g. those a debit to reverse touched), in any state
     */
    BookGrants(List<Grant> openGrants, Collection<Grant> others) {
        others.forEach(g -> known.put(g.id(), g));
        this.open = new ArrayList<>(openGrants.stream()
                .filter(Grant::isOpen)
                .sorted(GrantOrder.CONSUMPTION)
                .toList());
        open.forEach(g -> known.put(g.id(), g));
    }

    /** The grant as it is now, or null when this book does not know it. */
    Grant get(UUID id) {
        return known.get(id);
    }

    /** The open grants in consumption order (a snapshot: change them through {@link #put}). */
    List<Grant> open() {
        return List.copyOf(open);
    }

    /** Remaining of the open grants in force at {@code t}. */
    BigDecimal inForceAt(Instant t) {
        BigDecimal total = BigDecimal.ZERO;
        for (Grant grant : open) {
            if (grant.inForceAt(t)) {
                total = total.add(grant.remainingAmount());
            }
        }
        return total;
    }

    /** A grant this book creates. */
    void add(Grant grant) {
        created.put(grant.id(), grant);
        put(grant);
    }

    /** A grant as it is now; the open list follows (a grant leaves it when used up or closed, and may come back). */
    void put(Grant grant) {
        Grant before = known.put(grant.id(), grant);
        int at = before != null && before.isOpen() ? open.indexOf(before) : -1;
        if (at >= 0 && grant.isOpen()) {
            open.set(at, grant);
        } else {
            if (at >= 0) {
                open.remove(at);
            }
            if (grant.isOpen()) {
                int slot = Collections.binarySearch(open, grant, GrantOrder.CONSUMPTION);
                open.add(slot < 0 ? -slot - 1 : slot, grant);
            }
        }
        (created.containsKey(grant.id()) ? created : updated).put(grant.id(), grant);
    }

    List<Grant> created() {
        return List.copyOf(created.values());
    }

    List<Grant> updated() {
        return List.copyOf(updated.values());
    }
}
