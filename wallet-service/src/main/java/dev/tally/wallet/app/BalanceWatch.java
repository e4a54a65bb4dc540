package dev.tally.wallet.app;

import dev.tally.wallet.config.WalletConfig;
import dev.tally.wallet.domain.BalanceEvent;
import dev.tally.wallet.domain.WatchCursor;
import dev.tally.wallet.store.BalanceQueries;
import io.smallrye.mutiny.Multi;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * A customer's balance as a stream: the balances when the watch starts, then, each time any replica
 * commits a change of the wallet (a LISTEN/NOTIFY signal), one fresh consistent read turned into
 * events by a {@link WatchCursor}. Reads happen one at a time; signals arriving meanwhile are
 * coalesced into one read.
 */
@ApplicationScoped
public class BalanceWatch {

    private final BalanceNotifications notifications;
    private final BalanceQueries queries;
    private final WalletConfig config;

    BalanceWatch(BalanceNotifications notifications, BalanceQueries queries, WalletConfig config) {
        this.notifications = notifications;
        this.queries = queries;
        this.config = config;
    }

    /**
     * @param unit null for every unit, including units first held while watching
     */
    public Multi<BalanceEvent> watch(String customerId, String unit) {
        int maxEntries = config.watch().maxTransactionsPerEvent();
        return Multi.createFrom().deferred(() -> {
            WatchCursor cursor = new WatchCursor();
            return notifications
                    .signals(customerId)
                    .onItem()
                    .transformToUniAndConcatenate(signal -> queries.sinceCursor(customerId, unit, cursor, maxEntries)
                            .map(cursor::advance))
                    .onItem()
                    .disjoint();
        });
    }
}
