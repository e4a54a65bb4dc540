package dev.tally.wallet.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** wallet-service settings ({@code tally.wallet.*}, each overridable by its environment variable). */
@ConfigMapping(prefix = "tally.wallet")
public interface WalletConfig {

    DebitBatch debitBatch();

    Watch watch();

    Holds holds();

    Cache balanceCache();

    Grants grant();

    interface Grants {
        /**
         * How far in the past a GrantCredits expire_time may be (env TALLY_WALLET_GRANT_LATE_LIMIT):
         * a period's grant made after the period ended still pays the shortfall and late debits of its
         * window. Beyond it: INVALID_ARGUMENT on expire_time.
         */
        @WithDefault("7d")
        Duration lateLimit();
    }

    interface Cache {
        /**
         * Whether GetBalance serves balances from memory, kept current by the change notifications
         * (env TALLY_WALLET_BALANCE_CACHE_ENABLED); false: every read goes to PostgreSQL.
         */
        @WithDefault("true")
        boolean enabled();

        /**
         * Most customers whose balances are kept in memory (env
         * TALLY_WALLET_BALANCE_CACHE_MAX_CUSTOMERS); beyond it about a tenth are dropped at random.
         * 0 disables the cache.
         */
        @WithDefault("50000")
        int maxCustomers();
    }

    interface DebitBatch {
        /** Most items one DebitBatch call may carry (env TALLY_WALLET_DEBIT_BATCH_MAX_ITEMS). */
        @WithDefault("1000")
        int maxItems();
    }

    interface Holds {
        /**
         * How often the service looks for active holds past their expire time (env
         * TALLY_WALLET_HOLDS_EXPIRY_INTERVAL); read by the scheduler as
         * {@code tally.wallet.holds.expiry-interval}.
         */
        @WithDefault("5s")
        Duration expiryInterval();

        /** Most holds one expiry transaction releases (env TALLY_WALLET_HOLDS_EXPIRY_BATCH_SIZE). */
        @WithDefault("500")
        int expiryBatchSize();
    }

    interface Watch {
        /** Most ledger entries one WatchBalance event carries (the newest ones when coalesced). */
        @WithDefault("100")
        int maxTransactionsPerEvent();

        /** Wait before re-establishing the LISTEN connection after it was lost. */
        @WithDefault("1s")
        Duration reconnectInterval();
    }
}
