package dev.tally.wallet.metrics;

import dev.tally.wallet.v1.CaptureResponse;
import dev.tally.wallet.v1.DebitBatchResponse;
import dev.tally.wallet.v1.DebitResponse;
import dev.tally.wallet.v1.DebitBatchResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;

/**
 * The wallet's {@code tally_*} counters (per replica; sum over replicas). Replays
 * ({@code duplicate = true}) are not counted again:
 * <ul>
 *   <li>{@code tally_wallet_debits_total}: debits applied (Debit, DebitBatch items, Capture's debit);</li>
 *   <li>{@code tally_wallet_shortfalls_total}: of those, debits not fully covered by grants;</li>
 *   <li>{@code tally_wallet_holds_total{action}}: holds reserved, captured, released and expired.</li>
 * </ul>
 */
@ApplicationScoped
public class WalletMetrics {

    private final Counter debits;
    private final Counter shortfalls;
    private final Counter reserved;
    private final Counter captured;
    private final Counter released;
    private final Counter expired;

    WalletMetrics(MeterRegistry registry) {
        debits = Counter.builder("tally.wallet.debits").description("debits applied").register(registry);
        shortfalls = Counter.builder("tally.wallet.shortfalls").description("debits not fully covered by grants")
                .register(registry);
        reserved = hold(registry, "reserved");
        captured = hold(registry, "captured");
        released = hold(registry, "released");
        expired = hold(registry, "expired");
    }

    private static Counter hold(MeterRegistry registry, String action) {
        return Counter.builder("tally.wallet.holds").tag("action", action).description("hold transitions")
                .register(registry);
    }

    public DebitResponse debited(DebitResponse response) {
        if (!response.getDuplicate()) {
            debits.increment();
            String shortfall = response.getShortfall().getAmount();
            if (!shortfall.isEmpty() && new BigDecimal(shortfall).signum() > 0) {
                shortfalls.increment();
            }
        }
        return response;
    }

    public DebitBatchResponse debitedAll(DebitBatchResponse response) {
        for (DebitBatchResult item : response.getResultsList()) {
            if (item.hasDebit()) {
                debited(item.getDebit());
            }
        }
        return response;
    }

    public void reserved(boolean duplicate) {
        if (!duplicate) {
            reserved.increment();
        }
    }

    public CaptureResponse captured(CaptureResponse response) {
        if (!response.getDuplicate()) {
            captured.increment();
            debited(response.getDebit());
        }
        return response;
    }

    public void released(boolean duplicate) {
        if (!duplicate) {
            released.increment();
        }
    }

    public void expired(int holds) {
        expired.increment(holds);
    }
}
