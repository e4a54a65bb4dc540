package dev.tally.catalog.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Timestamp;
import dev.tally.catalog.support.CatalogGrpcTest;
import dev.tally.catalog.v1.CatalogServiceGrpc;
import dev.tally.catalog.v1.GetModelRequest;
import dev.tally.catalog.v1.ListModelsRequest;
import dev.tally.catalog.v1.ModelPrices;
import dev.tally.catalog.v1.PriceChangeKind;
import dev.tally.catalog.v1.TokenRates;
import dev.tally.catalog.v1.UpsertModelPriceRequest;
import dev.tally.catalog.v1.UpsertModelPriceResponse;
import dev.tally.catalog.v1.WatchPriceChangesRequest;
import dev.tally.catalog.v1.WatchPriceChangesResponse;
import dev.tally.testing.StreamRecorder;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** WatchPriceChanges: the full table first, then every change, including changes made by another replica. */
@QuarkusTest
class WatchPriceChangesGrpcTest extends CatalogGrpcTest {

    /** A running watch: its messages as they arrive. */
    private final class Watch implements AutoCloseable {
        final StreamRecorder<WatchPriceChangesResponse> received = new StreamRecorder<>();
        final Context.CancellableContext context = Context.current().withCancellation();

        Watch(WatchPriceChangesRequest request) {
            context.run(() -> CatalogServiceGrpc.newStub(channel).watchPriceChanges(request, received));
        }

        WatchPriceChangesResponse next() {
            return received.next(Duration.ofSeconds(30));
        }

        /** The snapshot's messages up to and including SNAPSHOT_END. */
        List<WatchPriceChangesResponse> snapshot() {
            List<WatchPriceChangesResponse> messages = new ArrayList<>();
            WatchPriceChangesResponse message;
            do {
                message = next();
                messages.add(message);
            } while (message.getKind() == PriceChangeKind.PRICE_CHANGE_KIND_SNAPSHOT);
            assertThat(message.getKind()).isEqualTo(PriceChangeKind.PRICE_CHANGE_KIND_SNAPSHOT_END);
            return messages;
        }

        /** The next CHANGE message that carries {@code modelId}. */
        WatchPriceChangesResponse changeOf(String modelId) {
            while (true) {
                WatchPriceChangesResponse message = next();
                assertThat(message.getKind()).isEqualTo(PriceChangeKind.PRICE_CHANGE_KIND_CHANGE);
                if (message.getModelsList().stream()
                        .anyMatch(m -> m.getModel().getModelId().equals(modelId))) {
                    return message;
                }
            }
        }

        @Override
        public void close() {
            context.cancel(null);
        }
    }

    @Test
    void aWatcherGetsTheWholeTableThenEachChange() throws Exception {
        try (Watch watch = new Watch(WatchPriceChangesRequest.getDefaultInstance())) {
            List<WatchPriceChangesResponse> snapshot = watch.snapshot();
            long revision = snapshot.get(0).getRevision();
            assertThat(snapshot).allSatisfy(m -> assertThat(m.getRevision()).isEqualTo(revision));
            int models = snapshot.stream()
                    .mapToInt(WatchPriceChangesResponse::getModelsCount)
                    .sum();
            assertThat(models)
                    .isEqualTo(catalog.listModels(ListModelsRequest.newBuilder()
                                    .setPageSize(1)
                                    .build())
                            .getTotalSize());
            assertThat(snapshot).allSatisfy(m -> assertThat(m.getModelsCount()).isLessThanOrEqualTo(200));
            ModelPrices gpt4o = snapshot.stream()
                    .flatMap(m -> m.getModelsList().stream())
                    .filter(m -> m.getModel().getModelId().equals("gpt-4o"))
                    .findFirst()
                    .orElseThrow();
            assertThat(gpt4o.getPriceVersionsList())
                    .last()
                    .satisfies(v -> assertThat(v.getPriceVersionId())
                            .isEqualTo(gpt4o.getModel().getCurrentPrice().getPriceVersionId()));

            String id = "watched/model-" + UUID.randomUUID().toString().substring(0, 8);
            UpsertModelPriceResponse upsert = catalog.upsertModelPrice(UpsertModelPriceRequest.newBuilder()
                    .setModelId(id)
                    .setProvider("watched")
                    .setRates(TokenRates.newBuilder()
                            .setInputCostPerToken("0.000001")
                            .setOutputCostPerToken("0.000002"))
                    .setIdempotencyKey(UUID.randomUUID().toString())
                    .build());
            WatchPriceChangesResponse change = watch.changeOf(id);
            assertThat(change.getRevision()).isGreaterThan(revision);
            assertThat(change.getSyncRunId()).isEmpty();
            assertThat(change.getModelsList()).singleElement().satisfies(m -> {
                assertThat(m.getModel()).isEqualTo(upsert.getModel());
                assertThat(m.getPriceVersionsList()).containsExactly(upsert.getPriceVersion());
            });
        }
    }

    @Test
    void aChangeCommittedByAnotherReplicaReachesWatchers() throws Exception {
        try (Watch watch = new Watch(WatchPriceChangesRequest.getDefaultInstance())) {
            watch.snapshot();
            String id = "replica-b/model-" + UUID.randomUUID().toString().substring(0, 8);
            // what another replica's CatalogWriter commits: a revision, the model, its version and rates, a NOTIFY
            execute("WITH rev AS (INSERT INTO catalog_revision (revision, created_at) "
                    + "  SELECT max(revision) + 1, now() FROM catalog_revision RETURNING revision), "
                    + "m AS (INSERT INTO model (id, provider, mode, active, origin, created_at, updated_at, revision) "
                    + "  SELECT '" + id
                    + "', 'replica-b', 'chat', TRUE, 'MANUAL', now(), now(), revision FROM rev RETURNING id), "
                    + "v AS (INSERT INTO price_version (id, model_id, effective_from, source, currency_code, created_at) "
                    + "  SELECT '" + UUID.randomUUID() + "', id, now(), 'MANUAL', 'USD', now() FROM m RETURNING id), "
                    + "r AS (INSERT INTO price_rate (price_version_id, threshold_tokens, input_cost_per_token, output_cost_per_token) "
                    + "  SELECT id, 0, 0.000001, 0.000002 FROM v RETURNING 1) "
                    + "SELECT pg_notify('tally_catalog_changed', (SELECT revision::text FROM rev)) FROM r");
            WatchPriceChangesResponse change = watch.changeOf(id);
            assertThat(change.getModels(0).getPriceVersions(0).getRates().getInputCostPerToken())
                    .isEqualTo("0.000001");
            assertThat(catalog.getModel(
                                    GetModelRequest.newBuilder().setModel(id).build())
                            .getModel()
                            .getProvider())
                    .isEqualTo("replica-b");
        }
    }

    @Test
    void historySinceInTheFutureIsInvalid() throws Exception {
        Instant tomorrow = Instant.now().plusSeconds(86_400);
        try (Watch watch = new Watch(WatchPriceChangesRequest.newBuilder()
                .setHistorySince(Timestamp.newBuilder().setSeconds(tomorrow.getEpochSecond()))
                .build())) {
            assertThat(watch.received.error(Duration.ofSeconds(30)))
                    .isInstanceOfSatisfying(
                            StatusRuntimeException.class,
                            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
        }
    }
}
