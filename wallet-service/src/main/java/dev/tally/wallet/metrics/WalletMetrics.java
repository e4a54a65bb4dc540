package dev.tally.wallet.metrics;

import dev.tally.wallet.app.ChangeCounts;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.ToDoubleFunction;

/**
 * The wallet's {@code tally_*} counters (per replica; sum over replicas), read from what the
 * application layer counted ({@link ChangeCounts}). Replays ({@code duplicate = true}) are not
 * counted again:
 * <ul>
 *   <li>{@code tally_wallet_debits_total}: debits applied (Debit, DebitBatch items, Capture's debit);</li>
 *   <li>{@code tally_wallet_shortfalls_total}: of those, debits not fully covered by grants;</li>
 *   <li>{@code tally_wallet_holds_total{action}}: holds reserved, captured, released and expired.</li>
 * </ul>
 */
@Startup
@ApplicationScoped
public class WalletMetrics {

    WalletMetrics(MeterRegistry registry, ChangeCounts counts) {
        FunctionCounter.builder("tally.wallet.debits", counts, ChangeCounts::debits)
                .description("debits applied")
                .register(registry);
        FunctionCounter.builder("tally.wallet.shortfalls", counts, ChangeCounts::shortfalls)
                .description("debits not fully covered by grants")
                .register(registry);
        hold(registry, counts, "reserved", ChangeCounts::reserved);
        hold(registry, counts, "captured", ChangeCounts::captured);
        hold(registry, counts, "released", ChangeCounts::released);
        hold(registry, counts, "expired", ChangeCounts::expired);
    }

    private static void hold(
            MeterRegistry registry, ChangeCounts counts, String action, ToDoubleFunction<ChangeCounts> count) {
        FunctionCounter.builder("tally.wallet.holds", counts, count)
                .tag("action", action)
                .description("hold transitions")
                .register(registry);
    }
}
