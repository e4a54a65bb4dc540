package dev.tally.usage.client;

import dev.tally.catalog.v1.MutinyCatalogServiceGrpc;
import dev.tally.catalog.v1.WatchPriceChangesRequest;
import dev.tally.catalog.v1.WatchPriceChangesResponse;
import dev.tally.pricing.Model;
import dev.tally.support.proto.ProtoTime;
import dev.tally.usage.config.UsageConfig;
import io.grpc.Channel;
import io.quarkus.grpc.GrpcClient;
import io.smallrye.mutiny.subscription.Cancellable;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Keeps {@link PriceTable} equal to the catalog: subscribes to {@code WatchPriceChanges} with the
 * whole price history ({@code history_since} = the epoch, so a late event of any open period is
 * priced with the version in force at its time) and inactive models (they still price late events
 * and take part in id resolution, as in the catalog), replaces the table at each complete snapshot
 * and applies each change. When the stream fails or ends it reconnects after a delay that doubles
 * up to 30 s (reset by the next snapshot); the last table keeps pricing meanwhile.
 */
@Singleton
public class PriceFeed extends ResubscribingFeed {

    private static final Logger LOG = Logger.getLogger(PriceFeed.class);

    private final MutinyCatalogServiceGrpc.MutinyCatalogServiceStub catalog;
    private final PriceTable table;

    PriceFeed(
            @GrpcClient("catalog") MutinyCatalogServiceGrpc.MutinyCatalogServiceStub catalog,
            PriceTable table,
            UsageConfig config,
            @GrpcClient("catalog") Channel channel) {
        super(config.prices().reconnectInterval(), channel);
        this.catalog = catalog;
        this.table = table;
    }

    @Override
    protected Cancellable subscribe() {
        List<Model> snapshot = new ArrayList<>();
        WatchPriceChangesRequest request = WatchPriceChangesRequest.newBuilder()
                .setHistorySince(ProtoTime.timestamp(Instant.EPOCH))
                .setIncludeInactive(true)
                .build();
        return catalog.watchPriceChanges(request)
                .subscribe()
                .with(
                        message -> onMessage(message, snapshot),
                        failure -> reconnect("failed: " + failure.getMessage()),
                        () -> reconnect("ended"));
    }

    private void onMessage(WatchPriceChangesResponse message, List<Model> snapshot) {
        switch (message.getKind()) {
            case PRICE_CHANGE_KIND_SNAPSHOT ->
                message.getModelsList().forEach(m -> add(snapshot, PriceMapper.model(m)));
            case PRICE_CHANGE_KIND_SNAPSHOT_END -> {
                table.replace(message.getRevision(), snapshot);
                LOG.infof(
                        "price table loaded: %d models at catalog revision %d", snapshot.size(), message.getRevision());
                snapshot.clear();
                healthy();
            }
            case PRICE_CHANGE_KIND_CHANGE -> {
                List<Model> changed = new ArrayList<>();
                message.getModelsList().forEach(m -> add(changed, PriceMapper.model(m)));
                table.apply(message.getRevision(), changed);
            }
            case PRICE_CHANGE_KIND_UNSPECIFIED, UNRECOGNIZED ->
                LOG.debugf("ignored a price message of kind %s", message.getKind());
        }
    }

    private static void add(List<Model> models, Model model) {
        if (model != null) {
            models.add(model);
        }
    }

    private void reconnect(String why) {
        reconnect(delay -> LOG.warnf(
                "price stream %s; reconnecting in %s ms (pricing goes on with the table at" + " revision %d)",
                why, delay.toMillis(), table.revision()));
    }
}
