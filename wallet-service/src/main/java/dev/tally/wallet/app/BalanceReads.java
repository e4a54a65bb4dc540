package dev.tally.wallet.app;

import dev.tally.support.error.TallyException;
import dev.tally.wallet.domain.BalanceView;
import dev.tally.wallet.domain.LedgerEntry;
import dev.tally.wallet.domain.LedgerQuery;
import dev.tally.wallet.store.BalanceQueries;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * GetBalance and ListTransactions: balances from the {@link BalanceCache} when it has the
 * customer, otherwise read from PostgreSQL and put in it; ledger pages from PostgreSQL.
 */
@ApplicationScoped
public class BalanceReads {

    private final BalanceQueries queries;
    private final BalanceCache cache;
    private final Clock clock;

    BalanceReads(BalanceQueries queries, BalanceCache cache, Clock clock) {
        this.queries = queries;
        this.cache = cache;
        this.clock = clock;
    }

    /**
     * The customer's balances ordered by unit, or only {@code unit} (a zero balance at version 0
     * when never held), as the {@link BalanceCache} holds them; null when it does not.
     */
    public List<BalanceView> cachedBalances(String customerId, String unit) {
        Instant now = clock.instant();
        List<BalanceView> cached = cache.get(customerId, now);
        return cached == null ? null : ofUnit(cached, customerId, unit, now);
    }

    /**
     * The customer's balances ordered by unit, or only {@code unit} (a zero balance at version 0
     * when never held), read from PostgreSQL (every unit) and put in the {@link BalanceCache}.
     *
     * @throws TallyException NOT_FOUND WALLET_NOT_FOUND (as a failed Uni) when the customer has no wallet
     */
    public Uni<List<BalanceView>> balances(String customerId, String unit) {
        Instant now = clock.instant();
        BalanceCache.Ticket ticket = cache.ticket(customerId);
        return queries.balances(customerId, now).map(all -> {
            cache.put(customerId, ticket, all, now);
            return ofUnit(all, customerId, unit, now);
        });
    }

    /** One page of the customer's ledger. */
    public Uni<List<LedgerEntry>> ledger(LedgerQuery query) {
        return queries.ledger(query);
    }

    private static List<BalanceView> ofUnit(List<BalanceView> all, String customerId, String unit, Instant now) {
        if (unit == null) {
            return all;
        }
        for (BalanceView view : all) {
            if (view.unit().equals(unit)) {
                return List.of(view);
            }
        }
        return List.of(BalanceView.empty(customerId, unit, now));
    }
}
