package dev.tally.catalog.config;

import dev.tally.catalog.domain.sync.GuardLimits;
import dev.tally.catalog.domain.sync.SourceFormat;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.math.BigDecimal;
import java.time.Duration;

/** Every {@code tally.catalog.*} setting (documented in catalog-service/README.md). */
@ConfigMapping(prefix = "tally.catalog")
public interface CatalogConfig {

    Sync sync();

    Seed seed();

    Cache cache();

    interface Sync {
        /** Quartz cron of the daily sync, in UTC ("off" disables it); read by the scheduler. */
        @WithDefault("0 0 3 * * ?")
        String cron();

        /** The format read by scheduled syncs and by SyncNow without a format. */
        @WithDefault("LITELLM")
        SourceFormat format();

        /** Where the LiteLLM-format list is read: http(s), file: or classpath: URL. */
        @WithDefault("https://raw.githubusercontent.com/BerriAI/litellm/main/model_prices_and_context_window.json")
        String litellmUrl();

        /** Where the OpenRouter-format list is read. */
        @WithDefault("https://openrouter.ai/api/v1/models")
        String openrouterUrl();

        /** How long fetching a source may take before the run fails. */
        @WithDefault("30s")
        Duration timeout();

        /** Largest source document accepted, in bytes. */
        @WithDefault("67108864")
        int maxSourceBytes();

        Guard guard();

        default String url(SourceFormat format) {
            return format == SourceFormat.LITELLM ? litellmUrl() : openrouterUrl();
        }
    }

    interface Guard {
        /** Hold a sync deactivating more than this share of the source's active models. */
        @WithDefault("0.20")
        BigDecimal maxDeactivatedRatio();

        /** Hold a sync changing more than this share of prices by more than reprice-factor. */
        @WithDefault("0.20")
        BigDecimal maxRepricedRatio();

        /** How many times higher or lower a price must move to count as a wild change. */
        @WithDefault("5")
        BigDecimal repriceFactor();

        default GuardLimits limits() {
            return new GuardLimits(maxDeactivatedRatio(), maxRepricedRatio(), repriceFactor());
        }
    }

    interface Seed {
        /** Seed an empty catalog from the bundled snapshot at startup. */
        @WithDefault("true")
        boolean enabled();
    }

    interface Cache {
        /**
         * How often each replica checks the catalog revision besides listening for change
         * notifications (a safety net for a lost notification connection).
         */
        @WithDefault("30s")
        Duration pollInterval();
    }
}
