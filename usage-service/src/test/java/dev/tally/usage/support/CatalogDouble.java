package dev.tally.usage.support;

import com.google.protobuf.Timestamp;
import dev.tally.catalog.v1.CatalogServiceGrpc;
import dev.tally.catalog.v1.Model;
import dev.tally.catalog.v1.ModelPrices;
import dev.tally.catalog.v1.PriceChangeKind;
import dev.tally.catalog.v1.PriceSource;
import dev.tally.catalog.v1.PriceVersion;
import dev.tally.catalog.v1.TokenRates;
import dev.tally.catalog.v1.WatchPriceChangesRequest;
import dev.tally.catalog.v1.WatchPriceChangesResponse;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * catalog-service as the tests need it, from the same contract: WatchPriceChanges sends a snapshot
 * of a few models (one message, then SNAPSHOT_END) and then the changes tests push with {@link #change}.
 * Prices (USD per token): claude-sonnet-4-5 (anthropic) input 0.000003, output 0.000015, cache read
 * 0.0000003, cache write 0.00000375; gpt-4o (openai) input 0.0000025, output 0.00001; eur-model
 * (mistral) priced in EUR, input 0.000001, output 0.000002.
 */
public final class CatalogDouble extends CatalogServiceGrpc.CatalogServiceImplBase {

    private final Map<String, ModelPrices> models = new ConcurrentHashMap<>();
    private final List<StreamObserver<WatchPriceChangesResponse>> watchers = new CopyOnWriteArrayList<>();
    private long revision = 1;

    CatalogDouble() {
        put(model(
                "claude-sonnet-4-5",
                "anthropic",
                "USD",
                TokenRates.newBuilder()
                        .setInputCostPerToken("0.000003")
                        .setOutputCostPerToken("0.000015")
                        .setCacheReadInputCostPerToken("0.0000003")
                        .setCacheWriteInputCostPerToken("0.00000375")
                        .build()));
        put(model(
                "gpt-4o",
                "openai",
                "USD",
                TokenRates.newBuilder()
                        .setInputCostPerToken("0.0000025")
                        .setOutputCostPerToken("0.00001")
                        .build()));
        put(model(
                "eur-model",
                "mistral",
                "EUR",
                TokenRates.newBuilder()
                        .setInputCostPerToken("0.000001")
                        .setOutputCostPerToken("0.000002")
                        .build()));
    }

    private void put(ModelPrices m) {
        models.put(m.getModel().getModelId(), m);
    }

    public static ModelPrices model(String id, String provider, String currency, TokenRates rates) {
        Timestamp epoch = Timestamp.newBuilder().setSeconds(1_600_000_000L).build();
        PriceVersion version = PriceVersion.newBuilder()
                .setPriceVersionId(UUID.nameUUIDFromBytes(id.getBytes()).toString())
                .setModelId(id)
                .setEffectiveTime(epoch)
                .setSource(PriceSource.PRICE_SOURCE_MANUAL)
                .setCurrencyCode(currency)
                .setRates(rates)
                .setCostPerRequest("0")
                .setCreateTime(epoch)
                .build();
        return ModelPrices.newBuilder()
                .setModel(Model.newBuilder()
                        .setModelId(id)
                        .setProvider(provider)
                        .setMode("chat")
                        .setActive(true)
                        .setManualOverride(true)
                        .setCurrentPrice(version)
                        .setCreateTime(epoch)
                        .setUpdateTime(epoch))
                .addPriceVersions(version)
                .build();
    }

    /** Adds or replaces a model and tells every watcher. */
    public synchronized void change(ModelPrices model) {
        put(model);
        revision++;
        WatchPriceChangesResponse change = WatchPriceChangesResponse.newBuilder()
                .setKind(PriceChangeKind.PRICE_CHANGE_KIND_CHANGE)
                .addModels(model)
                .setRevision(revision)
                .build();
        watchers.forEach(w -> {
            synchronized (w) {
                w.onNext(change);
            }
        });
    }

    @Override
    public synchronized void watchPriceChanges(
            WatchPriceChangesRequest request, StreamObserver<WatchPriceChangesResponse> observer) {
        synchronized (observer) {
            observer.onNext(WatchPriceChangesResponse.newBuilder()
                    .setKind(PriceChangeKind.PRICE_CHANGE_KIND_SNAPSHOT)
                    .addAllModels(models.values())
                    .setRevision(revision)
                    .build());
            observer.onNext(WatchPriceChangesResponse.newBuilder()
                    .setKind(PriceChangeKind.PRICE_CHANGE_KIND_SNAPSHOT_END)
                    .setRevision(revision)
                    .build());
        }
        watchers.add(observer);
        ((ServerCallStreamObserver<WatchPriceChangesResponse>) observer)
                .setOnCancelHandler(() -> watchers.remove(observer));
    }
}
