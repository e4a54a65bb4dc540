package dev.tally.catalog.domain.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.pricing.Model;
import dev.tally.pricing.ModelAttributes;
import dev.tally.pricing.ModelOrigin;
import dev.tally.pricing.PriceSource;
import dev.tally.pricing.PriceSpec;
import dev.tally.pricing.PriceVersion;
import dev.tally.pricing.RateField;
import dev.tally.pricing.RateSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SyncGuardTest {

    private static final Instant NOW = Instant.parse("2026-06-01T03:00:00Z");

    private static PriceSpec price(String input, String output) {
        return PriceSpec.usd(RateSet.builder()
                .set(RateField.INPUT, input)
                .set(RateField.OUTPUT, output)
                .build());
    }

    private static Model model(String id, PriceSpec price) {
        PriceVersion v = new PriceVersion(
                UUID.randomUUID(), id, NOW.minusSeconds(86_400), null, PriceSource.SYNC, price, UUID.randomUUID(), NOW);
        return new Model(
                id,
                new ModelAttributes("acme", "chat", List.of(), ModelOrigin.LITELLM, null, null),
                true,
                NOW,
                NOW,
                1,
                List.of(v));
    }

    private static SourceModel entry(String id, PriceSpec price) {
        return new SourceModel(id, "acme", "chat", null, null, price);
    }

    /** A catalog of {@code n} models m0..m(n-1) priced input 0.000001, output 0.000002. */
    private static List<Model> catalog(int n) {
        List<Model> models = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            models.add(model("m" + i, price("0.000001", "0.000002")));
        }
        return models;
    }

    private static SyncPlan plan(List<Model> catalog, List<SourceModel> entries) {
        return SyncPlanner.plan(
                catalog,
                new ParsedSource(SourceFormat.LITELLM, entries.size(), entries, List.of()),
                UUID.randomUUID(),
                NOW);
    }

    @Test
    void deactivatingHalfTheModelsIsHeld() {
        List<Model> catalog = catalog(10);
        List<SourceModel> half = catalog.subList(0, 5).stream()
                .map(m -> entry(m.id(), m.latest().price()))
                .toList();
        // 5 of 10 active models would go: 50% > 20%
        assertThat(SyncGuard.holdReason(plan(catalog, half), GuardLimits.DEFAULT))
                .hasValue("would deactivate 5 of 10 models (50% > 20%)");
    }

    @Test
    void deactivatingExactlyTheLimitIsApplied() {
        List<Model> catalog = catalog(10);
        List<SourceModel> eight = catalog.subList(0, 8).stream()
                .map(m -> entry(m.id(), m.latest().price()))
                .toList();
        // 2 of 10 = 20%, not more than 20%
        assertThat(SyncGuard.holdReason(plan(catalog, eight), GuardLimits.DEFAULT))
                .isEmpty();
    }

    @Test
    void wildRepricingOfMoreThanAFifthIsHeld() {
        List<Model> catalog = catalog(10);
        List<SourceModel> entries = new ArrayList<>();
        for (Model m : catalog) {
            // m0..m2: input 0.000001 → 0.0000051 (5.1×: more than 5×); the rest unchanged
            boolean wild = m.id().compareTo("m3") < 0;
            entries.add(entry(
                    m.id(), wild ? price("0.0000051", "0.000002") : m.latest().price()));
        }
        // 3 of 10 prices changed by more than 5×: 30% > 20%
        assertThat(SyncGuard.holdReason(plan(catalog, entries), GuardLimits.DEFAULT))
                .hasValue("would change 3 of 10 prices by more than 5x (30% > 20%)");
    }

    @Test
    void exactlyFiveTimesOrAFallIsWildOnlyBeyondTheFactor() {
        PriceSpec before = price("0.000001", "0.000002");
        // input × 5 exactly: not more than 5×
        assertThat(SyncGuard.isWild(
                        new SyncPlan.Repricing("a", before, price("0.000005", "0.000002")),
                        GuardLimits.DEFAULT.repriceFactor()))
                .isFalse();
        // output ÷ 5.5: more than 5× down
        assertThat(SyncGuard.isWild(
                        new SyncPlan.Repricing("a", before, price("0.000001", "0.00000036")),
                        GuardLimits.DEFAULT.repriceFactor()))
                .isTrue();
        // free → paid counts as wild
        assertThat(SyncGuard.isWild(
                        new SyncPlan.Repricing("a", price("0", "0.000002"), before),
                        GuardLimits.DEFAULT.repriceFactor()))
                .isTrue();
    }

    @Test
    void ordinaryPriceChangesAreApplied() {
        List<Model> catalog = catalog(10);
        // every model 2× more expensive: a real price change, not broken data
        List<SourceModel> doubled = catalog.stream()
                .map(m -> entry(m.id(), price("0.000002", "0.000004")))
                .toList();
        assertThat(SyncGuard.holdReason(plan(catalog, doubled), GuardLimits.DEFAULT))
                .isEmpty();
    }
}
