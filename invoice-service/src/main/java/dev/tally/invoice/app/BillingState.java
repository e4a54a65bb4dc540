package dev.tally.invoice.app;

import dev.tally.invoice.store.BillingStats;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.Map;

/** The state of billing the service's metrics report: invoices by status, and how late the closes are. */
@ApplicationScoped
public class BillingState {

    /**
     * @param invoicesByStatus      invoices (period, purchase and credit notes) by status
     * @param periodsAwaitingClose  periods past their grace end and not closed
     * @param closeLagSeconds       how long the oldest of them has waited (0: none)
     */
    public record Sample(Map<String, Long> invoicesByStatus, long periodsAwaitingClose, long closeLagSeconds) {}

    private final BillingStats stats;
    private final Clock clock;

    BillingState(BillingStats stats, Clock clock) {
        this.stats = stats;
        this.clock = clock;
    }

    public Uni<Sample> sample() {
        return stats.invoicesByStatus()
                .flatMap(invoices -> stats.closeBacklog(clock.instant())
                        .map(backlog -> new Sample(invoices, backlog.periods(), backlog.oldestWaitSeconds())));
    }
}
