package dev.tally.usage.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.tally.catalog.v1.TokenRates;
import dev.tally.pricing.TokenCounts;
import dev.tally.support.error.TallyException;
import dev.tally.usage.app.Pricing;
import dev.tally.usage.client.PriceMapper;
import dev.tally.usage.client.PriceTable;
import dev.tally.usage.support.CatalogDouble;
import io.grpc.Status;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

/**
 * The price table's states: no table before the first snapshot (pricing UNAVAILABLE, the service not
 * ready); after it, events are priced locally and the service is ready; a change replaces one model
 * and leaves the rest; nothing else (a dropped stream) empties it.
 */
class PriceTableReadinessTest {

    private static final Instant AT = Instant.parse("2026-07-01T00:00:00Z");
    private static final TokenCounts TOKENS = new TokenCounts(1_000_000, 0, 0, 0, 0, 0);

    @Test
    void unavailableAndNotReadyUntilTheFirstSnapshotThenPricedLocally() {
        PriceTable table = new PriceTable();
        PriceTableReadiness readiness = new PriceTableReadiness(new Pricing(table));
        assertThat(readiness.call().getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
        TallyException none = catchThrowableOfType(TallyException.class, () -> table.quote("gpt-x", TOKENS, AT));
        assertThat(none.code()).isEqualTo(Status.Code.UNAVAILABLE);

        table.replace(7, List.of(model("gpt-x", "0.000002")));
        assertThat(readiness.call().getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
        // 1,000,000 input tokens × 0.000002 USD = 2 USD
        assertThat(table.quote("gpt-x", TOKENS, AT).total()).isEqualByComparingTo("2");

        table.apply(8, List.of(model("gpt-y", "0.000001")));
        assertThat(table.revision()).isEqualTo(8);
        assertThat(table.size()).isEqualTo(2);
        assertThat(table.quote("gpt-x", TOKENS, AT).total()).isEqualByComparingTo("2");
        assertThat(catchThrowableOfType(TallyException.class, () -> table.quote("nope", TOKENS, AT))
                        .reason())
                .isEqualTo("MODEL_NOT_FOUND");
    }

    private static dev.tally.pricing.Model model(String id, String inputPerToken) {
        return PriceMapper.model(CatalogDouble.model(
                id,
                "openai",
                "USD",
                TokenRates.newBuilder()
                        .setInputCostPerToken(inputPerToken)
                        .setOutputCostPerToken(inputPerToken)
                        .build()));
    }
}
