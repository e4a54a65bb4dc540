package dev.tally.catalog.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.catalog.support.BundledPrices;
import dev.tally.catalog.support.CatalogGrpcTest;
import dev.tally.catalog.v1.GetModelRequest;
import dev.tally.catalog.v1.GetModelResponse;
import dev.tally.catalog.v1.ListModelsRequest;
import dev.tally.catalog.v1.ListModelsResponse;
import dev.tally.catalog.v1.Model;
import dev.tally.catalog.v1.PriceSource;
import dev.tally.catalog.v1.QuoteCostRequest;
import dev.tally.common.v1.TokenCounts;
import io.grpc.Status;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** GetModel and ListModels over gRPC. */
@QuarkusTest
class ModelQueriesGrpcTest extends CatalogGrpcTest {

    private GetModelResponse get(String model) {
        return catalog.getModel(GetModelRequest.newBuilder().setModel(model).build());
    }

    @Test
    void getModelResolvesAnyIdFormAndReturnsTheModelWithItsHistory() {
        GetModelResponse sonnet = get("anthropic/claude-sonnet-4.5");
        Model model = sonnet.getModel();
        assertThat(model.getModelId()).isEqualTo("claude-sonnet-4-5");
        assertThat(model.getProvider()).isEqualTo("anthropic");
        assertThat(model.getMode()).isEqualTo("chat");
        assertThat(model.getActive()).isTrue();
        assertThat(model.getManualOverride()).isFalse();
        assertThat(model.getMaxInputTokens()).isEqualTo(200_000L);
        assertThat(model.getCurrentPrice().getSource()).isEqualTo(PriceSource.PRICE_SOURCE_SYNC);
        assertThat(model.getCurrentPrice().getCurrencyCode()).isEqualTo("USD");
        assertThat(model.getCurrentPrice().getRates().getInputCostPerToken()).isEqualTo("0.000003");
        assertThat(model.getCurrentPrice().getRates().getCacheWrite1HInputCostPerToken())
                .isEqualTo("0.000006");
        assertThat(model.getCurrentPrice().getRates().getReasoningCostPerToken())
                .isEmpty();
        assertThat(model.getCurrentPrice().getLongContextTiersList())
                .singleElement()
                .satisfies(t -> assertThat(t.getThresholdTokens()).isEqualTo(200_000L));
        assertThat(sonnet.getPriceHistoryList()).isNotEmpty();
        assertThat(sonnet.getPriceHistory(0).getPriceVersionId())
                .isEqualTo(model.getCurrentPrice().getPriceVersionId());
        assertThat(get("openrouter/openai/gpt-4o-mini").getModel().getModelId()).isEqualTo("gpt-4o-mini");
    }

    @Test
    void ratesSurviveTheDatabaseExactly() {
        // the source's 3.0001999999999996E-7, stored as NUMERIC and read back digit for digit
        assertThat(get("databricks/databricks-gemini-2-5-flash")
                        .getModel()
                        .getCurrentPrice()
                        .getRates()
                        .getInputCostPerToken())
                .isEqualTo("0.00000030001999999999996");
        // 1,000,000 × 0.00000030001999999999996 = 0.30001999999999996
        assertThat(catalog.quoteCost(QuoteCostRequest.newBuilder()
                                .setModel("databricks/databricks-gemini-2-5-flash")
                                .setTokens(TokenCounts.newBuilder().setInputTokens(1_000_000))
                                .build())
                        .getTotalCost()
                        .getAmount())
                .isEqualTo("0.30001999999999996");
    }

    @Test
    void getModelOfAnUnknownModelIsNotFoundWithSuggestions() {
        assertThat(assertFails(() -> get("claude-sonet-4-5"), Status.Code.NOT_FOUND, "MODEL_NOT_FOUND"))
                .containsEntry("model", "claude-sonet-4-5")
                .hasEntrySatisfying(
                        "suggestions",
                        s -> assertThat(s.split(",")).hasSizeBetween(1, 3).contains("claude-sonnet-4-5"));
        assertInvalid(() -> get(""), "model");
    }

    @Test
    void listModelsPagesThroughAProviderInOrder() {
        List<String> ids = new ArrayList<>();
        String token = "";
        int pages = 0;
        int total;
        do {
            ListModelsResponse page = catalog.listModels(ListModelsRequest.newBuilder()
                    .setProvider("anthropic")
                    .setPageSize(7)
                    .setPageToken(token)
                    .build());
            assertThat(page.getModelsCount()).isLessThanOrEqualTo(7);
            page.getModelsList().forEach(m -> assertThat(m.getProvider()).isEqualTo("anthropic"));
            page.getModelsList().forEach(m -> ids.add(m.getModelId()));
            token = page.getNextPageToken();
            total = page.getTotalSize();
            pages++;
        } while (!token.isEmpty());
        long anthropic = BundledPrices.liteLlm().models().stream()
                .filter(m -> m.provider().equals("anthropic"))
                .count();
        assertThat(ids).hasSize((int) anthropic).isSorted().doesNotHaveDuplicates();
        assertThat(total).isEqualTo(anthropic);
        assertThat(pages).isEqualTo((int) Math.ceil(anthropic / 7.0));
    }

    @Test
    void listModelsFiltersByModeAndCapsThePageSize() {
        ListModelsResponse embeddings = catalog.listModels(ListModelsRequest.newBuilder()
                .setMode("embedding")
                .setPageSize(5_000)
                .build());
        assertThat(embeddings.getModelsList())
                .isNotEmpty()
                .allSatisfy(m -> assertThat(m.getMode()).isEqualTo("embedding"));
        ListModelsResponse all = catalog.listModels(
                ListModelsRequest.newBuilder().setPageSize(5_000).build());
        assertThat(all.getModelsCount()).isEqualTo(1_000);
        assertThat(all.getTotalSize()).isGreaterThan(2_400);
        assertThat(catalog.listModels(ListModelsRequest.getDefaultInstance()).getModelsCount())
                .isEqualTo(100);
    }

    @Test
    void badListRequestsAreInvalid() {
        assertInvalid(
                () -> catalog.listModels(ListModelsRequest.newBuilder()
                        .setPageSize(-1)
                        .setPageToken("%%%")
                        .build()),
                "page_size",
                "page_token");
    }

    @Test
    void aPageTokenHoldsOnlyForTheFiltersItWasIssuedFor() {
        ListModelsRequest anthropic = ListModelsRequest.newBuilder()
                .setProvider("anthropic")
                .setPageSize(3)
                .build();
        String token = catalog.listModels(anthropic).getNextPageToken();
        assertThat(token).isNotEmpty();
        // another page size is the same query (AIP-158); another filter is not
        assertThat(catalog.listModels(anthropic.toBuilder()
                                .setPageSize(5)
                                .setPageToken(token)
                                .build())
                        .getModelsCount())
                .isEqualTo(5);
        assertInvalid(
                () -> catalog.listModels(anthropic.toBuilder()
                        .setProvider("openai")
                        .setPageToken(token)
                        .build()),
                "page_token");
        assertInvalid(
                () -> catalog.listModels(anthropic.toBuilder()
                        .setIncludeInactive(true)
                        .setPageToken(token)
                        .build()),
                "page_token");
    }
}
