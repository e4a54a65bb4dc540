package dev.tally.usage.client;

import dev.tally.invoice.v1.MutinyInvoiceServiceGrpc;
import dev.tally.invoice.v1.WatchEntitlementChangesRequest;
import dev.tally.usage.config.UsageConfig;
import dev.tally.support.grpc.ConnectBackoff;
import io.grpc.Channel;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.subscription.Cancellable;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;


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

    private final MutinyInvoiceServiceGrpc.MutinyInvoiceServiceStub invoice;
    private final Entitlements entitlements;
    private final Resubscription stream;

    EntitlementFeed(@GrpcClient("invoice") MutinyInvoiceServiceGrpc.MutinyInvoiceServiceStub invoice,
                    Entitlements entitlements, UsageConfig config,
                    @GrpcClient("invoice") Channel channel) {
        this.invoice = invoice;
        this.entitlements = entitlements;
        this.stream = new Resubscription(config.entitlements().reconnectInterval(), this::subscribe,
                () -> ConnectBackoff.reset(channel));
    }

    void start(@Observes StartupEvent event) {
        stream.start();
    }

    void stop(@Observes ShutdownEvent event) {
        stream.stop();
    }

    private Cancellable subscribe() {
        entitlements.invalidateAll();
        entitlements.watching(true);
        return invoice.watchEntitlementChanges(WatchEntitlementChangesRequest.getDefaultInstance())
                .subscribe().with(change -> {
                    stream.healthy();
                    entitlements.invalidate(change.getCustomerId());
                }, failure -> reconnect("failed: " + failure.getMessage()), () -> reconnect("ended"));
    }

    private void reconnect(String why) {
        entitlements.watching(false);
        stream.reconnect(delay -> LOG.warnf("entitlement change stream %s; reconnecting in %s ms (cached plans live at"
                + " most the stale age meanwhile)", why, delay.toMillis()));
    }
}
