package dev.tally.invoice.grpc;

import dev.tally.invoice.domain.Feature;
import dev.tally.invoice.domain.ModelTerms;
import dev.tally.invoice.domain.PlanVersion;
import dev.tally.invoice.v1.BalanceFeature;
import dev.tally.invoice.v1.BalancePlan;
import dev.tally.invoice.v1.CreditPack;
import dev.tally.invoice.v1.CreditsFeature;
import dev.tally.invoice.v1.CreditsPlan;
import dev.tally.invoice.v1.MeteredFeature;
import dev.tally.invoice.v1.MeteredPlan;
import dev.tally.invoice.v1.Plan;
import dev.tally.invoice.v1.PlanFeature;
import dev.tally.support.proto.ProtoTime;

/** Plan versions to {@code tally.invoice.v1.Plan}. */
final class PlanResponses {

    private PlanResponses() {
    }

    static Plan plan(PlanVersion version) {
        Plan.Builder plan = Plan.newBuilder()
                .setPlanId(version.planId())
                .setPlanCode(version.planCode())
                .setDisplayName(version.terms().displayName())
                .setPlanVersion(version.version())
                .setCurrencyCode(version.currency())
                .setBasePrice(Protos.money(version.terms().basePrice()))
                .setBillingInterval(Enums.interval(version.terms().interval()))
                .setStatus(Enums.planStatus(version.status()))
                .setCreateTime(ProtoTime.timestamp(version.createTime()));
        if (version.archiveTime() != null) {
            plan.setArchiveTime(ProtoTime.timestamp(version.archiveTime()));
        }
        switch (version.model()) {
            case METERED -> {
                MeteredPlan.Builder metered = MeteredPlan.newBuilder();
                for (ModelTerms.MeteredFeature f : ((ModelTerms.Metered) version.terms().model()).meteredFeatures()) {
                    metered.addFeatures(MeteredFeature.newBuilder().setFeature(feature(f.feature()))
                            .setIncludedUnits(Protos.decimal(f.includedUnits()))
                            .setOverageBlockSizeUnits(Protos.decimal(f.blockSizeUnits()))
                            .setOveragePricePerBlock(Protos.money(f.pricePerBlock()))
                            .setOverageRounding(Enums.rounding(f.rounding())));
                }
                plan.setMetered(metered);
            }
            case CREDITS -> {
                ModelTerms.Credits terms = (ModelTerms.Credits) version.terms().model();
                CreditsPlan.Builder credits = CreditsPlan.newBuilder()
                        .setCreditsPerPeriod(Protos.decimal(terms.creditsPerPeriod()))
                        .setOveragePricePerCredit(Protos.money(terms.overagePricePerCredit()));
                terms.packs().forEach(p -> credits.addCreditPacks(CreditPack.newBuilder().setCreditPackCode(p.code())
                        .setDisplayName(p.displayName()).setCredits(Protos.decimal(p.credits()))
                        .setPrice(Protos.money(p.price()))));
                terms.creditsFeatures().forEach(f -> credits.addFeatures(CreditsFeature.newBuilder()
                        .setFeature(feature(f.feature())).setCreditsPerUnit(Protos.decimal(f.creditsPerUnit()))));
                plan.setCredits(credits);
            }
            case BALANCE -> {
                BalancePlan.Builder balance = BalancePlan.newBuilder();
                for (ModelTerms.BalanceFeature f : ((ModelTerms.Balance) version.terms().model()).balanceFeatures()) {
                    BalanceFeature.Builder b = BalanceFeature.newBuilder().setFeature(feature(f.feature()))
                            .setMargin(Protos.decimal(f.margin()));
                    if (f.unitPrice() != null) {
                        b.setUnitPrice(Protos.money(f.unitPrice()));
                    }
                    balance.addFeatures(b);
                }
                plan.setBalance(balance);
            }
        }
        return plan.build();
    }

    private static PlanFeature feature(Feature feature) {
        return PlanFeature.newBuilder().setFeatureCode(feature.code()).setDisplayName(feature.displayName())
                .setDisplayUnit(feature.displayUnit()).setMeterType(Enums.meterType(feature.meterType()))
                .setOveragePolicy(Enums.overagePolicy(feature.overagePolicy())).build();
    }
}
