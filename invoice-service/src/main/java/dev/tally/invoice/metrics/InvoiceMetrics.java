package dev.tally.invoice.metrics;

import dev.tally.invoice.app.BillingState;
import dev.tally.invoice.domain.InvoiceStatus;
import dev.tally.support.metrics.SampledGauges;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The invoice service's {@code tally_*} metrics, sampled from the database every
 * {@code tally.invoice.metrics.interval} (every replica reports the same):
 * <ul>
 *   <li>{@code tally_invoice_invoices{status}}: invoices (period, purchase and credit notes) by status;</li>
 *   <li>{@code tally_invoice_period_close_lag_seconds}: how long the oldest period whose grace window
 *       has ended has been waiting to be closed (0: none waiting). Alert when it exceeds a few
 *       billing-job intervals: invoices are late.</li>
 *   <li>{@code tally_invoice_periods_awaiting_close}: how many such periods.</li>
 * </ul>
 */
@ApplicationScoped
public class InvoiceMetrics {

    private final BillingState state;
    private final SampledGauges invoices;
    private final AtomicLong closeLagSeconds = new AtomicLong();
    private final AtomicLong awaitingClose = new AtomicLong();

    InvoiceMetrics(BillingState state, MeterRegistry registry) {
        this.state = state;
        invoices = new SampledGauges(
                registry,
                "tally.invoice.invoices",
                "invoices by status",
                "status",
                Stream.of(InvoiceStatus.values()).map(Enum::name).toList());
        Gauge.builder("tally.invoice.period.close.lag.seconds", closeLagSeconds, AtomicLong::get)
                .description("age of the oldest period past its grace end and not closed")
                .register(registry);
        Gauge.builder("tally.invoice.periods.awaiting.close", awaitingClose, AtomicLong::get)
                .description("periods past their grace end and not closed")
                .register(registry);
    }

    @Scheduled(
            identity = "invoice-metrics",
            every = "${tally.invoice.metrics.interval:30s}",
            delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public Uni<Void> sample() {
        return state.sample()
                .invoke(sample -> {
                    invoices.set(sample.invoicesByStatus());
                    awaitingClose.set(sample.periodsAwaitingClose());
                    closeLagSeconds.set(sample.closeLagSeconds());
                })
                .replaceWithVoid()
                .onFailure()
                .recoverWithNull()
                .replaceWithVoid();
    }
}
