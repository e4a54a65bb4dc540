package dev.tally.invoice.grpc;

import dev.tally.invoice.domain.Feature;
import dev.tally.invoice.domain.ModelTerms;
import dev.tally.invoice.domain.PlanVersion;
import dev.tally.invoice.v1.ArchivePlanResponse;
import dev.tally.invoice.v1.BalanceFeature;
import dev.tally.invoice.v1.BalancePlan;
import dev.tally.invoice.v1.CreatePlanResponse;
import dev.tally.invoice.v1.CreditPack;
import dev.tally.invoice.v1.CreditsFeature;
import dev.tally.invoice.v1.CreditsPlan;
import dev.tally.invoice.v1.GetPlanResponse;
import dev.tally.invoice.v1.ListPlansResponse;
import dev.tally.invoice.v1.MeteredFeature;
import dev.tally.invoice.v1.MeteredPlan;
import dev.tally.invoice.v1.Plan;
import dev.tally.invoice.v1.PlanFeature;
import dev.tally.invoice.v1.UpdatePlanResponse;
import dev.tally.kit.plan.PlanEnums;
import dev.tally.support.idempotency.Replies;
import dev.tally.support.proto.Paging;
import dev.tally.support.proto.ProtoTime;
import java.util.List;

/** Plan versions to {@code tally.invoice.v1.Plan} and the plan responses. */
final class PlanResponses {

    static final Replies<CreatePlanResponse> CREATE = Replies.of(
            CreatePlanResponse.parser(), r -> r.toBuilder().setDuplicate(true).build());
    static final Replies<UpdatePlanResponse> UPDATE = Replies.of(
            UpdatePlanResponse.parser(), r -> r.toBuilder().setDuplicate(true).build());
    static final Replies<ArchivePlanResponse> ARCHIVE = Replies.of(
            ArchivePlanResponse.parser(), r -> r.toBuilder().setDuplicate(true).build());

    private PlanResponses() {}

    static CreatePlanResponse created(PlanVersion version) {
        return CreatePlanResponse.newBuilder().setPlan(plan(version)).build();
    }

    static UpdatePlanResponse updated(PlanVersion version) {
        return UpdatePlanResponse.newBuilder().setPlan(plan(version)).build();
    }

    static ArchivePlanResponse archived(PlanVersion version) {
        return ArchivePlanResponse.newBuilder().setPlan(plan(version)).build();
    }

    static GetPlanResponse got(PlanVersion version) {
        return GetPlanResponse.newBuilder().setPlan(plan(version)).build();
    }

    static ListPlansResponse list(List<PlanVersion> found, Pages.Listing<?> listing) {
        Paging.Page<PlanVersion> page =
                listing.page(found, version -> version.ref().id());
        return ListPlansResponse.newBuilder()
                .addAllPlans(page.items().stream().map(PlanResponses::plan).toList())
                .setNextPageToken(page.nextPageToken())
                .build();
    }

    static Plan plan(PlanVersion version) {
        Plan.Builder plan = Plan.newBuilder()
                .setPlanId(version.planId())
                .setPlanCode(version.planCode())
                .setDisplayName(version.terms().displayName())
                .setPlanVersion(version.version())
                .setCurrencyCode(version.currency())
                .setBasePrice(Protos.scaledMoney(version.terms().basePrice()))
                .setBillingInterval(Enums.interval(version.terms().interval()))
                .setStatus(Enums.planStatus(version.status()))
                .setCreateTime(ProtoTime.timestamp(version.createTime()));
        if (version.archiveTime() != null) {
            plan.setArchiveTime(ProtoTime.timestamp(version.archiveTime()));
        }
        switch (version.model()) {
            case METERED -> {
                MeteredPlan.Builder metered = MeteredPlan.newBuilder();
                for (ModelTerms.MeteredFeature f :
                        ((ModelTerms.Metered) version.terms().model()).meteredFeatures()) {
                    metered.addFeatures(MeteredFeature.newBuilder()
                            .setFeature(feature(f.feature()))
                            .setIncludedUnits(Protos.decimal(f.includedUnits()))
                            .setOverageBlockSizeUnits(Protos.decimal(f.blockSizeUnits()))
                            .setOveragePricePerBlock(Protos.scaledMoney(f.pricePerBlock()))
                            .setOverageRounding(Enums.rounding(f.rounding())));
                }
                plan.setMetered(metered);
            }
            case CREDITS -> {
                ModelTerms.Credits terms = (ModelTerms.Credits) version.terms().model();
                CreditsPlan.Builder credits = CreditsPlan.newBuilder()
                        .setCreditsPerPeriod(Protos.decimal(terms.creditsPerPeriod()))
                        .setOveragePricePerCredit(Protos.scaledMoney(terms.overagePricePerCredit()));
                terms.packs()
                        .forEach(p -> credits.addCreditPacks(CreditPack.newBuilder()
                                .setCreditPackCode(p.code())
                                .setDisplayName(p.displayName())
                                .setCredits(Protos.decimal(p.credits()))
                                .setPrice(Protos.scaledMoney(p.price()))));
                terms.creditsFeatures()
                        .forEach(f -> credits.addFeatures(CreditsFeature.newBuilder()
                                .setFeature(feature(f.feature()))
                                .setCreditsPerUnit(Protos.decimal(f.creditsPerUnit()))));
                plan.setCredits(credits);
            }
            case BALANCE -> {
                BalancePlan.Builder balance = BalancePlan.newBuilder();
                for (ModelTerms.BalanceFeature f :
                        ((ModelTerms.Balance) version.terms().model()).balanceFeatures()) {
                    BalanceFeature.Builder b = BalanceFeature.newBuilder()
                            .setFeature(feature(f.feature()))
                            .setMargin(Protos.decimal(f.margin()));
                    if (f.unitPrice() != null) {
                        b.setUnitPrice(Protos.scaledMoney(f.unitPrice()));
                    }
                    balance.addFeatures(b);
                }
                plan.setBalance(balance);
            }
        }
        return plan.build();
    }

    private static PlanFeature feature(Feature feature) {
        return PlanFeature.newBuilder()
                .setFeatureCode(feature.code())
                .setDisplayName(feature.displayName())
                .setDisplayUnit(feature.displayUnit())
                .setMeterType(PlanEnums.meterType(feature.meterType()))
                .setOveragePolicy(PlanEnums.overagePolicy(feature.overagePolicy()))
                .build();
    }
}
