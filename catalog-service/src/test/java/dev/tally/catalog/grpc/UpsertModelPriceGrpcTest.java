package dev.tally.catalog.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.util.concurrent.ListenableFuture;
import com.google.protobuf.Timestamp;
import dev.tally.catalog.support.CatalogGrpcTest;
import dev.tally.catalog.v1.CatalogServiceGrpc;
import dev.tally.catalog.v1.GetModelRequest;
import dev.tally.catalog.v1.LongContextTier;
import dev.tally.catalog.v1.PriceSource;
import dev.tally.catalog.v1.QuoteCostRequest;
import dev.tally.catalog.v1.SkipReason;
import dev.tally.catalog.v1.SyncNowRequest;
import dev.tally.catalog.v1.SyncReport;
import dev.tally.catalog.v1.SyncState;
import dev.tally.catalog.v1.TokenRates;
import dev.tally.catalog.v1.UpsertModelPriceRequest;
import dev.tally.catalog.v1.UpsertModelPriceResponse;
import dev.tally.common.v1.TokenCounts;
import io.grpc.Status;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** UpsertModelPrice over gRPC: custom models, overrides that win over syncs, idempotency, bad input. */
@QuarkusTest
class UpsertModelPriceGrpcTest extends CatalogGrpcTest {

    private static final TokenRates RATES = TokenRates.newBuilder()
            .setInputCostPerToken("0.0000002")
            .setOutputCostPerToken("0.0000008")
            .build();

    private static String customId() {
        return "self-hosted/llama-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static UpsertModelPriceRequest.Builder request(String modelId) {
        return UpsertModelPriceRequest.newBuilder()
                .setModelId(modelId)
                .setProvider("self-hosted")
                .setRates(RATES)
                .setIdempotencyKey(UUID.randomUUID().toString());
    }

    private static Timestamp at(Instant instant) {
        return Timestamp.newBuilder()
                .setSeconds(instant.getEpochSecond())
                .setNanos(instant.getNano())
                .build();
    }

    private String quote(String model, long input, Timestamp when) {
        QuoteCostRequest.Builder q = QuoteCostRequest.newBuilder()
                .setModel(model)
                .setTokens(TokenCounts.newBuilder().setInputTokens(input));
        if (when != null) {
            q.setOccurredTime(when);
        }
        return catalog.quoteCost(q.build()).getTotalCost().getAmount();
    }

    @Test
    void aCustomModelIsCreatedAndPricesRequestsAtOnce() {
        String id = customId();
        UpsertModelPriceResponse created = catalog.upsertModelPrice(request(id)
                .setMode("chat")
                .addAliases(id + "-alias")
                .setCostPerRequest("0.001")
                .addLongContextTiers(LongContextTier.newBuilder()
                        .setThresholdTokens(8_000)
                        .setRates(TokenRates.newBuilder().setInputCostPerToken("0.0000004")))
                .build());
        assertThat(created.getModelCreated()).isTrue();
        assertThat(created.getDuplicate()).isFalse();
        assertThat(created.getModel().getManualOverride()).isTrue();
        assertThat(created.getPriceVersion().getSource()).isEqualTo(PriceSource.PRICE_SOURCE_MANUAL);
        assertThat(created.getPriceVersion().getSyncRunId()).isEmpty();
        // 1,000 × 0.0000002 + fee 0.001 = 0.0012
        assertThat(quote(id, 1_000, null)).isEqualTo("0.0012");
        // by alias, above the tier: 10,000 × 0.0000004 + 0.001 = 0.005
        assertThat(quote(id + "-alias", 10_000, null)).isEqualTo("0.005");
    }

    @Test
    void aReplayReturnsTheStoredResponseAndAReusedKeyIsRefused() {
        UpsertModelPriceRequest request = request(customId()).build();
        UpsertModelPriceResponse first = catalog.upsertModelPrice(request);
        Rows afterFirst = rows();
        UpsertModelPriceResponse replay = catalog.upsertModelPrice(request);
        assertThat(replay.getDuplicate()).isTrue();
        assertThat(replay.toBuilder().setDuplicate(false).build()).isEqualTo(first);
        assertThat(rows()).isEqualTo(afterFirst);
        assertFails(
                () -> catalog.upsertModelPrice(
                        request.toBuilder().setCostPerRequest("1").build()),
                Status.Code.ALREADY_EXISTS,
                "IDEMPOTENCY_KEY_REUSED");
        assertThat(rows()).isEqualTo(afterFirst);
    }

    @Test
    void ratesCountByValueAndAKeyIsOneCallAcrossRpcs() {
        UpsertModelPriceRequest request =
                request(customId()).setCostPerRequest("0.001").build();
        UpsertModelPriceResponse first = catalog.upsertModelPrice(request);
        Rows afterFirst = rows();
        // the same rates written with other trailing zeros are the same request
        UpsertModelPriceResponse replay = catalog.upsertModelPrice(request.toBuilder()
                .setCostPerRequest("0.0010")
                .setRates(TokenRates.newBuilder()
                        .setInputCostPerToken("0.00000020")
                        .setOutputCostPerToken("0.0000008000"))
                .build());
        assertThat(replay.getDuplicate()).isTrue();
        assertThat(replay.getPriceVersion()).isEqualTo(first.getPriceVersion());
        // the service's mutating RPCs share one key space: the key of a price is not a SyncNow key
        assertFails(
                () -> catalog.syncNow(SyncNowRequest.newBuilder()
                        .setIdempotencyKey(request.getIdempotencyKey())
                        .build()),
                Status.Code.ALREADY_EXISTS,
                "IDEMPOTENCY_KEY_REUSED");
        assertThat(rows()).isEqualTo(afterFirst);
    }

    @Test
    void twoFirstCallsWithOneKeyApplyOnceAndTheOtherReplays() throws Exception {
        UpsertModelPriceRequest request = request(customId()).build();
        long versions = count("price_version");
        long records = count("idempotency_record");
        CatalogServiceGrpc.CatalogServiceFutureStub async = CatalogServiceGrpc.newFutureStub(channel);
        List<ListenableFuture<UpsertModelPriceResponse>> calls = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            calls.add(async.upsertModelPrice(request));
        }
        List<UpsertModelPriceResponse> answers = new ArrayList<>();
        for (ListenableFuture<UpsertModelPriceResponse> call : calls) {
            answers.add(call.get(30, TimeUnit.SECONDS));
        }
        assertThat(answers).filteredOn(a -> !a.getDuplicate()).hasSize(1);
        assertThat(answers)
                .extracting(a -> a.getPriceVersion().getPriceVersionId())
                .containsOnly(answers.get(0).getPriceVersion().getPriceVersionId());
        assertThat(count("price_version")).isEqualTo(versions + 1);
        assertThat(count("idempotency_record")).isEqualTo(records + 1);
    }

    @Test
    void aKeyIsOneTo128CharactersWithoutControlCharacters() {
        Rows before = rows();
        assertInvalid(
                () -> catalog.upsertModelPrice(
                        request(customId()).setIdempotencyKey("k".repeat(129)).build()),
                "idempotency_key");
        assertInvalid(
                () -> catalog.upsertModelPrice(
                        request(customId()).setIdempotencyKey("line\nbreak").build()),
                "idempotency_key");
        assertThat(rows()).isEqualTo(before);
        // 128 characters (code points, as PostgreSQL counts them), 255 UTF-16 units
        UpsertModelPriceResponse longest = catalog.upsertModelPrice(request(customId())
                .setIdempotencyKey(
                        "😀".repeat(127) + UUID.randomUUID().toString().charAt(0))
                .build());
        assertThat(longest.getDuplicate()).isFalse();
    }

    @Test
    void aManualPriceWinsOverSyncedOnes() {
        String model = "gpt-3.5-turbo-1106";
        UpsertModelPriceResponse override = catalog.upsertModelPrice(UpsertModelPriceRequest.newBuilder()
                .setModelId(model)
                .setRates(TokenRates.newBuilder()
                        .setInputCostPerToken("0.0000009")
                        .setOutputCostPerToken("0.0000019"))
                .setIdempotencyKey(UUID.randomUUID().toString())
                .build());
        assertThat(override.getModelCreated()).isFalse();
        assertThat(override.getModel().getProvider()).isEqualTo("openai");
        SyncReport sync = catalog.syncNow(SyncNowRequest.newBuilder()
                        .setIdempotencyKey(UUID.randomUUID().toString())
                        .build())
                .getReport();
        assertThat(sync.getState()).isEqualTo(SyncState.SYNC_STATE_SUCCEEDED);
        assertThat(sync.getSkippedReasonsList())
                .anySatisfy(s -> assertThat(s.getReason()).isEqualTo(SkipReason.SKIP_REASON_MANUAL_OVERRIDE));
        var now = catalog.getModel(GetModelRequest.newBuilder().setModel(model).build())
                .getModel();
        assertThat(now.getManualOverride()).isTrue();
        assertThat(now.getCurrentPrice().getPriceVersionId())
                .isEqualTo(override.getPriceVersion().getPriceVersionId());
        // 1,000 × 0.0000009 = 0.0009 (the file says 0.000001)
        assertThat(quote(model, 1_000, null)).isEqualTo("0.0009");
    }

    @Test
    void aFuturePriceTakesOverWhenItsTimeComes() {
        String id = customId();
        catalog.upsertModelPrice(request(id).build());
        Instant later = Instant.now().plusSeconds(3_600);
        UpsertModelPriceResponse raised = catalog.upsertModelPrice(request(id)
                .setEffectiveTime(at(later))
                .setRates(
                        TokenRates.newBuilder().setInputCostPerToken("0.000001").setOutputCostPerToken("0.000002"))
                .build());
        assertThat(raised.getModelCreated()).isFalse();
        // now: 1,000 × 0.0000002 = 0.0002; from `later` on: 1,000 × 0.000001 = 0.001
        assertThat(quote(id, 1_000, null)).isEqualTo("0.0002");
        assertThat(quote(id, 1_000, at(later))).isEqualTo("0.001");
        assertThat(catalog.getModel(GetModelRequest.newBuilder().setModel(id).build())
                        .getPriceHistoryCount())
                .isEqualTo(2);
    }

    @Test
    void badInputIsInvalidWithEveryBadFieldAndStoresNothing() {
        String id = customId();
        catalog.upsertModelPrice(request(id).build());
        Rows before = rows();
        assertInvalid(
                () -> catalog.upsertModelPrice(UpsertModelPriceRequest.getDefaultInstance()),
                "idempotency_key",
                "model_id",
                "rates.input_cost_per_token",
                "rates.output_cost_per_token");
        assertInvalid(
                () -> catalog.upsertModelPrice(request(id)
                        .setCurrencyCode("DOLLARS")
                        .setRates(TokenRates.newBuilder()
                                .setInputCostPerToken("-1")
                                .setOutputCostPerToken("1e-6")
                                .setCacheReadInputCostPerToken("cheap"))
                        .build()),
                "currency_code",
                "rates.input_cost_per_token",
                "rates.output_cost_per_token",
                "rates.cache_read_input_cost_per_token");
        assertInvalid(
                () -> catalog.upsertModelPrice(request(id)
                        .addLongContextTiers(LongContextTier.newBuilder()
                                .setThresholdTokens(200_000)
                                .setRates(RATES))
                        .addLongContextTiers(LongContextTier.newBuilder()
                                .setThresholdTokens(100_000)
                                .setRates(RATES))
                        .build()),
                "long_context_tiers[1].threshold_tokens");
        assertInvalid(
                () -> catalog.upsertModelPrice(request(id)
                        .setEffectiveTime(at(Instant.parse("2020-01-01T00:00:00Z")))
                        .build()),
                "effective_time");
        assertInvalid(
                () -> catalog.upsertModelPrice(
                        request(customId()).setProvider("").build()),
                "provider");
        assertInvalid(
                () -> catalog.upsertModelPrice(
                        request(customId()).addAliases("gpt-4o").build()),
                "aliases");
        assertThat(rows()).isEqualTo(before);
    }
}
