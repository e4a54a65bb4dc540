package dev.tally.catalog.domain.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.catalog.support.BundledPrices;
import dev.tally.pricing.Model;
import dev.tally.pricing.ModelUpdate;
import dev.tally.pricing.PriceSource;
import dev.tally.pricing.PriceSpec;
import dev.tally.pricing.PriceTimeline;
import dev.tally.pricing.PriceVersion;
import dev.tally.pricing.RateField;
import dev.tally.pricing.RateSet;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SyncPlannerTest {

    private static final Instant NOW = Instant.parse("2026-06-01T03:00:00Z");
    private static final UUID RUN = UUID.randomUUID();

    private static final PriceSpec CHEAP = price("0.000001", "0.000002");

    private static PriceSpec price(String input, String output) {
        return PriceSpec.usd(RateSet.builder()
                .set(RateField.INPUT, input)
                .set(RateField.OUTPUT, output)
                .build());
    }

    private static SourceModel entry(String id, PriceSpec price) {
        return new SourceModel(id, "acme", "chat", 128_000L, 4_096L, price);
    }

    private static ParsedSource source(SourceModel... models) {
        return new ParsedSource(SourceFormat.LITELLM, models.length, List.of(models), List.of());
    }

    private static Model existing(SourceModel entry, boolean active, PriceSource source) {
        Model synced = BundledPrices.model(entry, BundledPrices.SINCE);
        PriceVersion version = synced.latest();
        PriceVersion v = new PriceVersion(
                version.id(),
                version.modelId(),
                version.effectiveTime(),
                null,
                source,
                version.price(),
                source == PriceSource.SYNC ? version.syncRunId() : null,
                version.createTime());
        return new Model(
                synced.id(), synced.attributes(), active, synced.createTime(), synced.updateTime(), 1, List.of(v));
    }

    @Test
    void anEmptyCatalogGetsEveryModelOfTheBundledFile() {
        ParsedSource bundled = BundledPrices.liteLlm();
        SyncPlan plan = SyncPlanner.plan(List.of(), bundled, RUN, NOW);
        assertThat(plan.counts().added()).isEqualTo(bundled.models().size());
        assertThat(plan.updates()).allSatisfy(u -> {
            assertThat(u.create()).isTrue();
            assertThat(u.newPrice()).isNotNull();
            assertThat(u.effectiveTime()).isEqualTo(NOW);
        });
        assertThat(SyncGuard.holdReason(plan, GuardLimits.DEFAULT)).isEmpty();
    }

    @Test
    void theSameFileAgainChangesNothing() {
        ParsedSource bundled = BundledPrices.liteLlm();
        SyncPlan plan = SyncPlanner.plan(BundledPrices.snapshot().models(), bundled, RUN, NOW);
        assertThat(plan.updates()).isEmpty();
        assertThat(plan.counts())
                .isEqualTo(new SyncCounts(
                        bundled.entries(),
                        0,
                        0,
                        0,
                        0,
                        bundled.models().size(),
                        bundled.entries() - bundled.models().size()));
    }

    @Test
    void oneChangedPriceOpensExactlyOneVersion() {
        List<SourceModel> models = new ArrayList<>(BundledPrices.liteLlm().models());
        SourceModel gpt4o = BundledPrices.source("gpt-4o");
        // gpt-4o's input price 0.0000025 → 0.000003, everything else as in the file
        models.set(
                models.indexOf(gpt4o),
                new SourceModel(
                        "gpt-4o",
                        gpt4o.provider(),
                        gpt4o.mode(),
                        gpt4o.maxInputTokens(),
                        gpt4o.maxOutputTokens(),
                        price("0.000003", "0.00001")));
        ParsedSource changed = new ParsedSource(SourceFormat.LITELLM, models.size(), models, List.of());
        SyncPlan plan = SyncPlanner.plan(BundledPrices.snapshot().models(), changed, RUN, NOW);
        assertThat(plan.updates()).singleElement().satisfies(u -> {
            assertThat(u.modelId()).isEqualTo("gpt-4o");
            assertThat(u.newPrice().base().get(RateField.INPUT)).isEqualByComparingTo("0.000003");
        });
        assertThat(plan.counts().changed()).isEqualTo(1);
        assertThat(plan.repricings())
                .singleElement()
                .extracting(SyncPlan.Repricing::modelId)
                .isEqualTo("gpt-4o");
    }

    @Test
    void equalValuesWrittenDifferentlyAreNotAChange() {
        SourceModel a = entry("a", price("0.0000010", "2E-6"));
        SyncPlan plan =
                SyncPlanner.plan(List.of(existing(entry("a", CHEAP), true, PriceSource.SYNC)), source(a), RUN, NOW);
        assertThat(plan.updates()).isEmpty();
        assertThat(plan.counts().unchanged()).isEqualTo(1);
    }

    @Test
    void missingModelsAreDeactivatedAndReturningOnesReactivated() {
        Model gone = existing(entry("gone", CHEAP), true, PriceSource.SYNC);
        Model back = existing(entry("back", CHEAP), false, PriceSource.SYNC);
        SyncPlan plan = SyncPlanner.plan(List.of(gone, back), source(entry("back", CHEAP)), RUN, NOW);
        assertThat(plan.updates())
                .extracting(ModelUpdate::modelId, ModelUpdate::active, u -> u.newPrice() == null)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("back", true, true),
                        org.assertj.core.groups.Tuple.tuple("gone", false, true));
        assertThat(plan.counts().deactivated()).isEqualTo(1);
        assertThat(plan.counts().reactivated()).isEqualTo(1);
        assertThat(plan.counts().unchanged()).isEqualTo(1);
    }

    @Test
    void eachChangedModelIsDescribedWithItsOldVersionAndChangedRates() {
        Model repriced = existing(entry("repriced", CHEAP), true, PriceSource.SYNC);
        Model same = existing(entry("same", CHEAP), true, PriceSource.SYNC);
        Model gone = existing(entry("gone", CHEAP), true, PriceSource.SYNC);
        Model back = existing(entry("back", CHEAP), false, PriceSource.SYNC);
        Model backRepriced = existing(entry("back-repriced", CHEAP), false, PriceSource.SYNC);
        SyncPlan plan = SyncPlanner.plan(
                List.of(repriced, same, gone, back, backRepriced),
                source(
                        entry("repriced", price("0.000001", "0.000003")),
                        entry("same", CHEAP),
                        entry("back", CHEAP),
                        entry("back-repriced", price("0.000002", "0.000002")),
                        entry("new", CHEAP)),
                RUN,
                NOW);
        RateChange output =
                new RateChange("output_cost_per_token", 0, new BigDecimal("0.000002"), new BigDecimal("0.000003"));
        RateChange input =
                new RateChange("input_cost_per_token", 0, new BigDecimal("0.000001"), new BigDecimal("0.000002"));
        assertThat(plan.changes())
                .containsExactlyInAnyOrder(
                        new SyncChange(
                                "repriced",
                                SyncChangeKind.PRICE_CHANGED,
                                false,
                                repriced.latest().id(),
                                null,
                                List.of(output),
                                NOW),
                        new SyncChange(
                                "back",
                                SyncChangeKind.REACTIVATED,
                                true,
                                back.latest().id(),
                                null,
                                List.of(),
                                NOW),
                        new SyncChange(
                                "back-repriced",
                                SyncChangeKind.PRICE_CHANGED,
                                true,
                                backRepriced.latest().id(),
                                null,
                                List.of(input),
                                NOW),
                        new SyncChange(
                                "new", SyncChangeKind.ADDED, false, null, null, RateChanges.between(null, CHEAP), NOW),
                        new SyncChange(
                                "gone",
                                SyncChangeKind.DEACTIVATED,
                                false,
                                gone.latest().id(),
                                null,
                                List.of(),
                                NOW));
        // the listing adds up to the report's counts
        SyncCounts counts = plan.counts();
        assertThat(plan.changes()).hasSize(counts.added() + counts.changed() + counts.deactivated() + 1);
        assertThat(plan.changes().stream().filter(SyncChange::reactivated)).hasSize(counts.reactivated());
    }

    @Test
    void aPreviewHasNoTimeAndAnAppliedChangeItsNewVersion() {
        SyncPlan plan = SyncPlanner.plan(List.of(), source(entry("new", CHEAP)), RUN, NOW);
        SyncChange planned = plan.changes().get(0);
        assertThat(planned.preview().effectiveTime()).isNull();
        assertThat(planned.preview().newPriceVersionId()).isNull();
        UUID version = UUID.randomUUID();
        assertThat(planned.applied(version).newPriceVersionId()).isEqualTo(version);
        assertThat(planned.applied(version).effectiveTime()).isEqualTo(NOW);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> planned.applied(null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void manualPricesAreLeftAloneAndCountedAsSkipped() {
        Model manual = existing(entry("custom", CHEAP), true, PriceSource.MANUAL);
        Model manualMissing = existing(entry("custom-2", CHEAP), true, PriceSource.MANUAL);
        SyncPlan plan =
                SyncPlanner.plan(List.of(manual, manualMissing), source(entry("custom", price("9", "9"))), RUN, NOW);
        assertThat(plan.updates()).isEmpty();
        assertThat(plan.skipped()).singleElement().satisfies(s -> {
            assertThat(s.reason()).isEqualTo(SkipReason.MANUAL_OVERRIDE);
            assertThat(s.exampleKeys()).containsExactly("custom");
        });
    }

    @Test
    void modelsOfAnotherSourceAreNotDeactivated() {
        Model fromLiteLlm = existing(entry("litellm-only", CHEAP), true, PriceSource.SYNC);
        ParsedSource openRouter =
                new ParsedSource(SourceFormat.OPENROUTER, 1, List.of(entry("openrouter/x/y", CHEAP)), List.of());
        SyncPlan plan = SyncPlanner.plan(List.of(fromLiteLlm), openRouter, RUN, NOW);
        assertThat(plan.counts().deactivated()).isZero();
        assertThat(plan.counts().added()).isEqualTo(1);
    }

    @Test
    void aNewVersionNeverStartsAtOrBeforeTheLatestOne() {
        Model model = existing(entry("a", CHEAP), true, PriceSource.SYNC);
        Instant latest = model.latest().effectiveTime();
        // clock behind the latest version (skew between replicas): start 1 µs after it
        assertThat(PriceTimeline.nextEffectiveTime(latest.minusSeconds(5), model))
                .isEqualTo(latest.plusNanos(1_000));
        assertThat(PriceTimeline.nextEffectiveTime(latest, model)).isEqualTo(latest.plusNanos(1_000));
        assertThat(PriceTimeline.nextEffectiveTime(latest.plusSeconds(5).plusNanos(7), model))
                .isEqualTo(latest.plusSeconds(5));
    }
}
