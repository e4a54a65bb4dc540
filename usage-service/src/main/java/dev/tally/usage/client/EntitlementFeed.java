package dev.tally.usage.client;

import dev.tally.invoice.v1.MutinyInvoiceServiceGrpc;
import dev.tally.invoice.v1.WatchEntitlementChangesRequest;
import dev.tally.usage.config.UsageConfig;
import io.grpc.Channel;
import io.quarkus.grpc.GrpcClient;
import io.smallrye.mutiny.subscription.Cancellable;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/**
 * Invalidates {@link Entitlements} from invoice-service's {@code WatchEntitlementChanges} (all
 * customers): each message drops the customer's cached answers, so a plan change takes effect on
 * the next event. On every (re)connection the whole cache is dropped, since changes made while
 * disconnected are not replayed; while disconnected, cached answers live at most
 * {@code tally.usage.entitlements.stale-age}. Reconnects after a delay doubling up to 30 s.
 */
@Singleton
public class EntitlementFeed extends ResubscribingFeed {

    private static final Logger LOG = Logger.getLogger(EntitlementFeed.class);

    private final MutinyInvoiceServiceGrpc.MutinyInvoiceServiceStub invoice;
    private final Entitlements entitlements;

    EntitlementFeed(
            @GrpcClient("invoice") MutinyInvoiceServiceGrpc.MutinyInvoiceServiceStub invoice,
            Entitlements entitlements,
            UsageConfig config,
            @GrpcClient("invoice") Channel channel) {
        super(config.entitlements().reconnectInterval(), channel);
        this.invoice = invoice;
        this.entitlements = entitlements;
    }

    @Override
    protected Cancellable subscribe() {
        entitlements.invalidateAll();
        entitlements.watching(true);
        return invoice.watchEntitlementChanges(WatchEntitlementChangesRequest.getDefaultInstance())
                .subscribe()
                .with(
                        change -> {
                            healthy();
                            entitlements.invalidate(change.getCustomerId());
                        },
                        failure -> reconnect("failed: " + failure.getMessage()),
                        () -> reconnect("ended"));
    }

    private void reconnect(String why) {
        entitlements.watching(false);
        reconnect(delay -> LOG.warnf(
                "entitlement change stream %s; reconnecting in %s ms (cached plans live at"
                        + " most the stale age meanwhile)",
                why, delay.toMillis()));
    }
}
