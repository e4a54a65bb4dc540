package dev.tally.wallet.domain;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The holds a balance book knows (those its commands name, and those it creates), and what changed. */
final class BookHolds {

    private final Map<UUID, Hold> known;
    private final Map<UUID, Hold> created = new LinkedHashMap<>();
    private final Map<UUID, Hold> updated = new LinkedHashMap<>();

    BookHolds(Map<UUID, Hold> loaded) {
        this.known = new HashMap<>(loaded);
    }

    /** The hold as it is now, or null when this book does not know it. */
    Hold get(UUID id) {
        return known.get(id);
    }

    /** A hold this book creates. */
    void add(Hold hold) {
        created.put(hold.id(), hold);
        known.put(hold.id(), hold);
    }

    /** A hold as it is now. */
    void put(Hold hold) {
        known.put(hold.id(), hold);
        (created.containsKey(hold.id()) ? created : updated).put(hold.id(), hold);
    }

    List<Hold> created() {
        return List.copyOf(created.values());
    }

    List<Hold> updated() {
        return List.copyOf(updated.values());
    }
}
