package dev.tally.invoice.store;

import dev.tally.invoice.domain.Feature;
import dev.tally.invoice.domain.ModelTerms;
import dev.tally.invoice.domain.Plan;
import dev.tally.invoice.domain.PlanRef;
import dev.tally.invoice.domain.PlanTerms;
import dev.tally.invoice.domain.PlanVersion;
import dev.tally.shared.money.Money;
import dev.tally.shared.plan.ConsumptionModel;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Plans and their versions between their rows (plan, plan_version, plan_feature, credit_pack) and the domain. */
final class PlanRows {

    private PlanRows() {}

    static Plan plan(PlanEntity row) {
        return new Plan(
                row.planId,
                row.planCode,
                row.currencyCode,
                row.consumptionModel,
                row.status,
                row.latestVersion,
                row.createTime,
                row.archiveTime);
    }

    /** The row of a new plan. */
    static PlanEntity row(Plan plan) {
        PlanEntity row = new PlanEntity();
        row.planId = plan.planId();
        row.planCode = plan.planCode();
        row.currencyCode = plan.currency();
        row.consumptionModel = plan.model();
        row.createTime = plan.createTime();
        copy(plan, row);
        return row;
    }

    /** What changes of a plan: its status and latest version. */
    static void copy(Plan plan, PlanEntity row) {
        row.status = plan.status();
        row.latestVersion = plan.latestVersion();
        row.archiveTime = plan.archiveTime();
    }

    static PlanVersion version(PlanEntity plan, PlanVersionEntity row) {
        String currency = plan.currencyCode;
        ModelTerms model = switch (row.consumptionModel) {
            case METERED ->
                new ModelTerms.Metered(row.features.stream()
                        .map(f -> new ModelTerms.MeteredFeature(
                                feature(f),
                                Money.canonical(f.includedUnits),
                                Money.canonical(f.overageBlockSizeUnits),
                                money(f.overagePricePerBlock, currency),
                                f.overageRounding))
                        .toList());
            case CREDITS ->
                new ModelTerms.Credits(
                        Money.canonical(row.creditsPerPeriod),
                        money(row.overagePricePerCredit, currency),
                        row.creditPacks.stream()
                                .map(p -> new ModelTerms.CreditPack(
                                        p.creditPackCode,
                                        p.displayName,
                                        Money.canonical(p.credits),
                                        money(p.price, currency)))
                                .toList(),
                        row.features.stream()
                                .map(f -> new ModelTerms.CreditsFeature(feature(f), Money.canonical(f.creditsPerUnit)))
                                .toList());
            case BALANCE ->
                new ModelTerms.Balance(row.features.stream()
                        .map(f -> new ModelTerms.BalanceFeature(
                                feature(f),
                                Money.canonical(f.margin),
                                f.unitPrice == null ? null : money(f.unitPrice, currency)))
                        .toList());
        };
        PlanTerms terms = new PlanTerms(row.displayName, money(row.basePrice, currency), row.billingInterval, model);
        return new PlanVersion(
                plan.planId,
                plan.planCode,
                row.planVersion,
                currency,
                terms,
                plan.status,
                row.createTime,
                plan.archiveTime);
    }

    /** The rows of a new version. */
    static PlanVersionEntity versionRow(String planId, int version, PlanTerms terms, Instant now) {
        PlanVersionEntity row = new PlanVersionEntity();
        row.planVersionId = new PlanRef(planId, version).id();
        row.planId = planId;
        row.planVersion = version;
        row.consumptionModel = terms.model().model();
        row.displayName = terms.displayName();
        row.basePrice = terms.basePrice().amount();
        row.billingInterval = terms.interval();
        row.createTime = now;
        List<FeatureRow> features = new ArrayList<>();
        switch (terms.model().model()) {
            case METERED ->
                ((ModelTerms.Metered) terms.model()).meteredFeatures().forEach(f -> {
                    FeatureRow r = featureRow(f.feature(), ConsumptionModel.METERED);
                    r.includedUnits = f.includedUnits();
                    r.overageBlockSizeUnits = f.blockSizeUnits();
                    r.overagePricePerBlock = f.pricePerBlock().amount();
                    r.overageRounding = f.rounding();
                    features.add(r);
                });
            case CREDITS -> {
                ModelTerms.Credits credits = (ModelTerms.Credits) terms.model();
                row.creditsPerPeriod = credits.creditsPerPeriod();
                row.overagePricePerCredit = credits.overagePricePerCredit().amount();
                credits.creditsFeatures().forEach(f -> {
                    FeatureRow r = featureRow(f.feature(), ConsumptionModel.CREDITS);
                    r.creditsPerUnit = f.creditsPerUnit();
                    features.add(r);
                });
                credits.packs().forEach(p -> {
                    CreditPackRow r = new CreditPackRow();
                    r.consumptionModel = ConsumptionModel.CREDITS;
                    r.creditPackCode = p.code();
                    r.displayName = p.displayName();
                    r.credits = p.credits();
                    r.price = p.price().amount();
                    row.creditPacks.add(r);
                });
            }
            case BALANCE ->
                ((ModelTerms.Balance) terms.model()).balanceFeatures().forEach(f -> {
                    FeatureRow r = featureRow(f.feature(), ConsumptionModel.BALANCE);
                    r.margin = f.margin();
                    r.unitPrice = f.unitPrice() == null ? null : f.unitPrice().amount();
                    features.add(r);
                });
        }
        row.features.addAll(features);
        return row;
    }

    private static FeatureRow featureRow(Feature feature, ConsumptionModel model) {
        FeatureRow r = new FeatureRow();
        r.consumptionModel = model;
        r.featureCode = feature.code();
        r.displayName = feature.displayName();
        r.displayUnit = feature.displayUnit();
        r.meterType = feature.meterType();
        r.overagePolicy = feature.overagePolicy();
        return r;
    }

    private static Feature feature(FeatureRow f) {
        return new Feature(f.featureCode, f.displayName, f.displayUnit, f.meterType, f.overagePolicy);
    }

    private static Money money(BigDecimal amount, String currency) {
        return new Money(Money.canonical(amount), currency);
    }
}
