package dev.tally.catalog.domain.manual;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tally.pricing.Model;
import dev.tally.pricing.ModelAttributes;
import dev.tally.pricing.ModelOrigin;
import dev.tally.pricing.ModelUpdate;
import dev.tally.pricing.PriceSource;
import dev.tally.pricing.PriceVersion;
import dev.tally.pricing.RateField;
import dev.tally.support.error.TallyException;
import dev.tally.support.error.Violations;
import io.grpc.Status;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ManualPriceRuleTest {

    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

    private static ManualPriceDraft draft(Map<RateField, String> rates, List<ManualPriceDraft.TierDraft> tiers) {
        return new ManualPriceDraft("my-llama", "self-hosted", "", List.of(), "", rates, "", tiers, null);
    }

    private static final Map<RateField, String> RATES =
            Map.of(RateField.INPUT, "0.0000002", RateField.OUTPUT, "0.0000004");

    @Test
    void aValidPriceCreatesAManualModel() {
        ManualPrice price = ManualPriceRule.check(
                draft(RATES, List.of(new ManualPriceDraft.TierDraft(32_000, Map.of(RateField.INPUT, "0.0000003")))),
                new Violations());
        ModelUpdate update = ManualPriceRule.apply(price, null, NOW);
        assertThat(update.create()).isTrue();
        assertThat(update.priceSource()).isEqualTo(PriceSource.MANUAL);
        assertThat(update.attributes().origin()).isEqualTo(ModelOrigin.MANUAL);
        assertThat(update.attributes().mode()).isEqualTo("chat");
        assertThat(update.newPrice().currency()).isEqualTo("USD");
        assertThat(update.effectiveTime()).isEqualTo(NOW);
    }

    @Test
    void everyBadFieldIsReportedAtOnce() {
        ManualPriceDraft bad = new ManualPriceDraft(
                " ",
                "p",
                "",
                List.of("a", "a"),
                "usd",
                Map.of(RateField.INPUT, "-0.1", RateField.OUTPUT, "", RateField.CACHE_READ, "1e-6"),
                "free",
                List.of(new ManualPriceDraft.TierDraft(0, Map.of(RateField.INPUT, "0.1"))),
                null);
        assertThatThrownBy(() -> ManualPriceRule.check(bad, new Violations()))
                .isInstanceOfSatisfying(TallyException.class, e -> {
                    assertThat(e.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.violations())
                            .extracting(TallyException.FieldViolation::field)
                            .containsExactlyInAnyOrder(
                                    "model_id",
                                    "aliases[1]",
                                    "currency_code",
                                    "rates.input_cost_per_token",
                                    "rates.output_cost_per_token",
                                    "rates.cache_read_input_cost_per_token",
                                    "cost_per_request",
                                    "long_context_tiers[0].threshold_tokens");
                });
    }

    @Test
    void tiersMustAscend() {
        ManualPriceDraft d = draft(
                RATES,
                List.of(
                        new ManualPriceDraft.TierDraft(200_000, Map.of(RateField.INPUT, "0.1")),
                        new ManualPriceDraft.TierDraft(100_000, Map.of(RateField.INPUT, "0.2"))));
        assertThatThrownBy(() -> ManualPriceRule.check(d, new Violations()))
                .isInstanceOfSatisfying(
                        TallyException.class,
                        e -> assertThat(e.violations())
                                .extracting(TallyException.FieldViolation::field)
                                .containsExactly("long_context_tiers[1].threshold_tokens"));
    }

    @Test
    void historyIsNeverRewritten() {
        ManualPrice price = ManualPriceRule.check(draft(RATES, List.of()), new Violations());
        Model existing = new Model(
                "my-llama",
                new ModelAttributes("self-hosted", "chat", List.of(), ModelOrigin.MANUAL, null, null),
                true,
                NOW,
                NOW,
                1,
                List.of(new PriceVersion(
                        UUID.randomUUID(), "my-llama", NOW, null, PriceSource.MANUAL, price.price(), null, NOW)));
        ManualPrice backdated = new ManualPrice(price.modelId(), "", "", List.of(), price.price(), NOW.minusSeconds(1));
        assertThatThrownBy(() -> ManualPriceRule.apply(backdated, existing, NOW.plusSeconds(60)))
                .isInstanceOfSatisfying(
                        TallyException.class,
                        e -> assertThat(e.violations())
                                .extracting(TallyException.FieldViolation::field)
                                .containsExactly("effective_time"));
        ManualPrice sameInstant = new ManualPrice(price.modelId(), "", "", List.of(), price.price(), NOW);
        assertThatThrownBy(() -> ManualPriceRule.apply(sameInstant, existing, NOW.plusSeconds(60)))
                .isInstanceOf(TallyException.class);
        ManualPrice future = new ManualPrice(price.modelId(), "", "", List.of(), price.price(), NOW.plusSeconds(3_600));
        assertThat(ManualPriceRule.apply(future, existing, NOW.plusSeconds(60)).effectiveTime())
                .isEqualTo(NOW.plusSeconds(3_600));
    }

    @Test
    void aNewModelNeedsAProvider() {
        ManualPrice price = ManualPriceRule.check(
                new ManualPriceDraft("x", "", "", List.of(), "", RATES, "", List.of(), null), new Violations());
        assertThatThrownBy(() -> ManualPriceRule.apply(price, null, NOW))
                .isInstanceOfSatisfying(
                        TallyException.class,
                        e -> assertThat(e.violations())
                                .extracting(TallyException.FieldViolation::field)
                                .containsExactly("provider"));
    }
}
