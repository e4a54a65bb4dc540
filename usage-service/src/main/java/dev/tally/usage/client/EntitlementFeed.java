package dev.tally.usage.client;

import dev.tally.invoice.v1.MutinyInvoiceServiceGrpc;
import dev.tally.invoice.v1.WatchEntitlementChangesRequest;
import dev.tally.usage.config.UsageConfig;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Duration;

/**
 * Invalidates {@link Entitlements} from invoice-service's {@code WatchEntitlementChanges} (all
 * customers): each message drops the customer's cached answers, so a plan change takes effect on
 * the next event. On every (re)connection the whole cache is dropped, since changes made while
 * disconnected are not replayed; while disconnected, cached answers live at most
 * {@code tally.usage.entitlements.stale-age}. Reconnects after a delay doubling up to 30 s.
 */
@ApplicationScoped
public class EntitlementFeed {

    private static final Logger LOG = Logger.getLogger(EntitlementFeed.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final MutinyInvoiceServiceGrpc.MutinyInvoiceServiceStub invoice;
    private final Entitlements entitlements;
    private final Duration initialBackoff;
    private volatile Duration backoff;
    private volatile Cancellable subscription;
    private volatile boolean stopped;
    private volatile int failures;

    EntitlementFeed(@GrpcClient("invoice") MutinyInvoiceServiceGrpc.MutinyInvoiceServiceStub invoice,
                    Entitlements entitlements, UsageConfig config) {
        this.invoice = invoice;
        this.entitlements = entitlements;
        this.initialBackoff = config.entitlements().reconnectInterval();
        this.backoff = initialBackoff;
    }

    void start(@Observes StartupEvent event) {
        connect();
    }

    void stop(@Observes ShutdownEvent event) {
        stopped = true;
        Cancellable current = subscription;
        if (current != null) {
            current.cancel();
        }
    }

    private void connect() {
        if (stopped) {
            return;
        }
        entitlements.invalidateAll();
        entitlements.watching(true);
        subscription = invoice.watchEntitlementChanges(WatchEntitlementChangesRequest.getDefaultInstance())
                .subscribe().with(change -> {
                    failures = 0;
                    backoff = initialBackoff;
                    entitlements.invalidate(change.getCustomerId());
                }, failure -> reconnect("failed: " + failure.getMessage()), () -> reconnect("ended"));
    }

    private void reconnect(String why) {
        entitlements.watching(false);
        if (stopped) {
            return;
        }
        Duration delay = backoff;
        backoff = delay.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : delay.multipliedBy(2);
        if (failures++ == 0) {
            LOG.warnf("entitlement change stream %s; reconnecting in %s ms (cached plans live %s meanwhile)", why,
                    delay.toMillis(), "at most the stale age");
        }
        Uni.createFrom().voidItem().onItem().delayIt().by(delay).subscribe().with(ignored -> connect());
    }
}
