package dev.tally.wallet.domain;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where one balance watch stands: the version it last sent per unit and the last ledger entry and
 * low-balance event it has seen. Each {@link #advance} turns a fresh read into the events to send:
 * a SNAPSHOT per unit first, then for every unit whose version rose a CHANGED event, or
 * BALANCE_LOW when a threshold crossing happened in between. Several changes read at once are
 * coalesced into one event per unit (the version jumps).
 */
public final class WatchCursor {

    private boolean started;
    private long lastEntryId;
    private long lastEventId;
    private final Map<String, Long> versions = new HashMap<>();

    public boolean started() {
        return started;
    }

    public long lastEntryId() {
        return lastEntryId;
    }

    public long lastEventId() {
        return lastEventId;
    }

    public List<BalanceEvent> advance(Read read) {
        List<BalanceEvent> events = new ArrayList<>();
        for (BalanceView balance : read.balances()) {
            String unit = balance.unit();
            if (!started) {
                events.add(new BalanceEvent(BalanceEvent.Kind.SNAPSHOT, balance, List.of()));
            } else if (balance.version() > versions.getOrDefault(unit, -1L)) {
                long sent = versions.getOrDefault(unit, 0L);
                boolean crossed = read.crossings().stream()
                        .anyMatch(c -> c.crossing().unit().equals(unit)
                                && c.crossing().version() > sent
                                && c.crossing().version() <= balance.version());
                List<LedgerEntry> entries = read.entries().stream()
                        .filter(e -> e.unit().equals(unit))
                        .toList();
                events.add(new BalanceEvent(
                        crossed ? BalanceEvent.Kind.BALANCE_LOW : BalanceEvent.Kind.CHANGED, balance, entries));
            }
            versions.put(unit, balance.version());
        }
        started = true;
        lastEntryId = Math.max(
                read.lastEntryId(),
                read.entries().stream().mapToLong(LedgerEntry::entryId).max().orElse(lastEntryId));
        lastEventId = Math.max(
                read.lastEventId(),
                read.crossings().stream().mapToLong(Crossing::eventId).max().orElse(lastEventId));
        return events;
    }

    /**
     * One consistent read for a watch.
     *
     * @param entries   ledger entries after the cursor, oldest first (the newest ones when capped)
     * @param crossings low-balance events after the cursor
     */
    public record Read(
            List<BalanceView> balances,
            List<LedgerEntry> entries,
            List<Crossing> crossings,
            long lastEntryId,
            long lastEventId) {

        public Read(List<BalanceView> balances, List<LedgerEntry> entries, List<Crossing> crossings) {
            this(balances, entries, crossings, 0, 0);
        }

        /** The first read: balances, and where the ledger and the crossings stand. */
        public static Read start(List<BalanceView> balances, long lastEntryId, long lastEventId) {
            return new Read(balances, List.of(), List.of(), lastEntryId, lastEventId);
        }
    }

    /** A recorded low-balance crossing and its event id. */
    public record Crossing(long eventId, LowBalanceCrossing crossing) {}
}
