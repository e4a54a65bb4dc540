package dev.tally.wallet.app;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.tally.wallet.config.WalletConfig;
import dev.tally.wallet.domain.BalanceView;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Every balance of recently read customers, in memory, so that GetBalance does not go to PostgreSQL.
 * An entry is dropped
 * <ul>
 * <li>when this replica commits a change of the customer's wallet, before the change is
 * acknowledged ({@link WalletWrites}): a read never misses a change this replica acknowledged;</li>
 * <li>when the change notification of any replica arrives ({@link BalanceNotifications}): a change
 * made through another replica shows within the notification delay;</li>
 * <li>at its next boundary, the first effective or expire time of one of its grants
 * ({@link BalanceView#nextBoundary}): a balance changes with time only there;</li>
 * <li>all at once while the LISTEN connection is down (nothing is cached until it is listening
 * again, since notifications sent meanwhile are lost);</li>
 * <li>when the cache holds {@code tally.wallet.balance-cache.max-customers} customers: Caffeine
 * evicts the entries least likely to be read again (frequency and recency).</li>
 * </ul>
 * A read that misses loads from PostgreSQL and stores what it read only when no change of that
 * customer was announced since it started (a {@link Ticket} taken before the read), so a slow read
 * never puts back a state older than a change already announced.
 */
@ApplicationScoped
public class BalanceCache {

    /** Invalidation counters: one per stripe of customers (a false conflict only skips one store). */
    private static final int STRIPES = 4096;

    private final Cache<String, Entry> entries;
    private final AtomicLongArray changes = new AtomicLongArray(STRIPES);
    /** Bumped when everything is dropped (LISTEN lost or re-established). */
    private final AtomicLong epoch = new AtomicLong();

    private final boolean enabled;
    private volatile boolean listening;

    BalanceCache(WalletConfig config) {
        int maxCustomers = config.balanceCache().maxCustomers();
        this.enabled = config.balanceCache().enabled() && maxCustomers > 0;
        this.entries =
                Caffeine.newBuilder().maximumSize(Math.max(0, maxCustomers)).build();
    }

    /** The cached balances of the customer (every unit, ordered by unit) still true at {@code now}; null if none. */
    List<BalanceView> get(String customerId, Instant now) {
        if (!listening) {
            return null;
        }
        Entry entry = entries.getIfPresent(customerId);
        return entry == null || !entry.trueAt(now) ? null : entry.views;
    }

    /** Taken before a read from PostgreSQL whose result may be stored. */
    Ticket ticket(String customerId) {
        return new Ticket(epoch.get(), changes.get(stripe(customerId)));
    }

    /**
     * Stores the balances read at {@code readAt} (every unit of the customer), unless a change of
     * the customer was announced or the LISTEN connection went down since the ticket was taken.
     */
    void put(String customerId, Ticket ticket, List<BalanceView> views, Instant readAt) {
        if (!enabled || !listening) {
            return;
        }
        Instant until = null;
        for (BalanceView view : views) {
            Instant next = view.nextBoundary();
            until = next != null && (until == null || next.isBefore(until)) ? next : until;
        }
        Entry entry = new Entry(List.copyOf(views), readAt, until);
        // checked under the entry's lock: an invalidation bumps the counter before it removes the entry
        entries.asMap().compute(customerId, (id, old) -> ticket.equals(ticket(id)) && listening ? entry : old);
    }

    /** Drops the customers' entries (their wallets changed). */
    void invalidate(Collection<String> customerIds) {
        for (String customerId : customerIds) {
            invalidate(customerId);
        }
    }

    void invalidate(String customerId) {
        changes.incrementAndGet(stripe(customerId));
        entries.invalidate(customerId);
    }

    /** The LISTEN connection is down: notifications may be missed, so nothing is cached until {@link #listening}. */
    void notListening() {
        listening = false;
        dropAll();
    }

    /** LISTEN is (again) in place: what was cached before may have missed changes. */
    void listening() {
        dropAll();
        listening = true;
    }

    private void dropAll() {
        epoch.incrementAndGet();
        entries.invalidateAll();
    }

    private static int stripe(String customerId) {
        return (customerId.hashCode() & 0x7fffffff) % STRIPES;
    }

    /** What a read saw before it started: the epoch and its customer's invalidation counter. */
    record Ticket(long epoch, long changes) {}

    /** A customer's balances read at {@code readAt}, true until {@code until} (null: until a change). */
    private record Entry(List<BalanceView> views, Instant readAt, Instant until) {

        boolean trueAt(Instant now) {
            return !now.isBefore(readAt) && (until == null || now.isBefore(until));
        }
    }
}
