package dev.tally.invoice.grpc;

import dev.tally.invoice.domain.BillingInterval;
import dev.tally.invoice.domain.Feature;
import dev.tally.invoice.domain.ModelTerms;
import dev.tally.invoice.domain.NewPlan;
import dev.tally.invoice.domain.OverageRounding;
import dev.tally.invoice.domain.PlanTerms;
import dev.tally.invoice.grpc.Pages.Listing;
import dev.tally.invoice.grpc.Validated.Keyed;
import dev.tally.invoice.v1.ArchivePlanRequest;
import dev.tally.invoice.v1.BalanceFeature;
import dev.tally.invoice.v1.CreatePlanRequest;
import dev.tally.invoice.v1.CreditPack;
import dev.tally.invoice.v1.CreditsFeature;
import dev.tally.invoice.v1.GetPlanRequest;
import dev.tally.invoice.v1.ListPlansRequest;
import dev.tally.invoice.v1.MeteredFeature;
import dev.tally.invoice.v1.Plan;
import dev.tally.invoice.v1.PlanFeature;
import dev.tally.invoice.v1.UpdatePlanRequest;
import dev.tally.kit.plan.PlanEnums;
import dev.tally.shared.money.Money;
import dev.tally.shared.plan.MeterType;
import dev.tally.shared.plan.OveragePolicy;
import dev.tally.support.error.Violations;
import dev.tally.support.idempotency.RequestKey;
import dev.tally.support.proto.Decimals;
import dev.tally.support.proto.Identifiers;
import dev.tally.support.proto.ProtoMoney;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Plan requests to validated commands. CreatePlan / UpdatePlan become a {@link NewPlan}: every bad
 * field of the plan is reported at once, by its path ({@code plan.credits.features[1].credits_per_unit}).
 */
final class PlanRequests {

    /** Decimal string fields of a plan, hashed by value for idempotency ("100000" = "100000.0"). */
    static final String[] DECIMAL_FIELDS = {
        "included_units", "overage_block_size_units", "credits_per_period", "credits_per_unit", "credits", "margin"
    };

    private static final Pattern PLAN_CODE = Pattern.compile("[a-z0-9_-]{1,64}");
    private static final Pattern CODE = Pattern.compile("[a-z0-9_.-]{1,64}");

    private PlanRequests() {}

    /** GetPlan: a plan and a version of it (0: the latest). */
    record Get(String planId, int version) {}

    /** ListPlans' filters. */
    record Filter(String planCode, boolean includeArchived, boolean allVersions) {}

    static Keyed<NewPlan> create(CreatePlanRequest request) {
        return Validated.of(v -> {
            RequestKey.check(v, RequestKey.FIELD, request.getIdempotencyKey());
            NewPlan plan = plan(v, request.hasPlan(), request.getPlan(), false);
            return v.isEmpty()
                    ? new Keyed<>(plan, Validated.serviceKey(request.getIdempotencyKey(), "CreatePlan", request))
                    : null;
        });
    }

    static Keyed<NewPlan> update(UpdatePlanRequest request) {
        return Validated.of(v -> {
            RequestKey.check(v, RequestKey.FIELD, request.getIdempotencyKey());
            NewPlan plan = plan(v, request.hasPlan(), request.getPlan(), true);
            return v.isEmpty()
                    ? new Keyed<>(plan, Validated.serviceKey(request.getIdempotencyKey(), "UpdatePlan", request))
                    : null;
        });
    }

    static Keyed<String> archive(ArchivePlanRequest request) {
        return Validated.of(v -> {
            RequestKey.check(v, RequestKey.FIELD, request.getIdempotencyKey());
            String planId = Identifiers.required(v, "plan_id", request.getPlanId());
            return v.isEmpty()
                    ? new Keyed<>(planId, Validated.serviceKey(request.getIdempotencyKey(), "ArchivePlan", request))
                    : null;
        });
    }

    static Get get(GetPlanRequest request) {
        return Validated.of(v -> {
            String planId = Identifiers.required(v, "plan_id", request.getPlanId());
            v.check(request.getPlanVersion() < 0, "plan_version", "must not be negative (0 means the latest)");
            return new Get(planId, request.getPlanVersion());
        });
    }

    static Listing<Filter> list(ListPlansRequest request) {
        String query = "ListPlans|" + request.getPlanCode() + "|" + request.getIncludeArchived() + "|"
                + request.getAllVersions();
        return Validated.of(v -> Pages.listing(
                v,
                new Filter(
                        request.getPlanCode().isEmpty() ? null : request.getPlanCode(),
                        request.getIncludeArchived(),
                        request.getAllVersions()),
                request.getPageSize(),
                request.getPageToken(),
                query));
    }

    /** The plan of a request; {@code update}: plan_id is required (CreatePlan ignores it). */
    private static NewPlan plan(Violations v, boolean hasPlan, Plan plan, boolean update) {
        if (!hasPlan) {
            v.add("plan", "must be set");
            return null;
        }
        String planId = null;
        if (update) {
            planId = Identifiers.required(v, "plan.plan_id", plan.getPlanId());
        }
        String code = plan.getPlanCode();
        v.check(
                !PLAN_CODE.matcher(code).matches(),
                "plan.plan_code",
                "must be 1-64 characters of a-z, 0-9, '_' and '-', got '" + code + "'");
        String name = displayName(v, "plan.display_name", plan.getDisplayName(), true);
        String currency = currency(v, "plan.currency_code", plan.getCurrencyCode());
        Money base = price(v, "plan.base_price", plan.hasBasePrice(), plan.getBasePrice(), currency, true);
        BillingInterval interval = Enums.interval(plan.getBillingInterval());
        v.check(interval == null, "plan.billing_interval", "must be set: month, quarter or year");
        ModelTerms terms = switch (plan.getConsumptionModelCase()) {
            case METERED -> metered(v, plan.getMetered().getFeaturesList(), currency);
            case CREDITS -> credits(v, plan.getCredits(), currency);
            case BALANCE -> balance(v, plan.getBalance().getFeaturesList(), currency);
            case CONSUMPTIONMODEL_NOT_SET -> {
                v.add("plan.consumption_model", "must be set: exactly one of metered, credits or balance");
                yield null;
            }
        };
        if (!v.isEmpty()) {
            return null;
        }
        return new NewPlan(planId, code, currency, new PlanTerms(name, base, interval, terms));
    }

    private static ModelTerms.Metered metered(Violations v, List<MeteredFeature> features, String currency) {
        List<ModelTerms.MeteredFeature> out = new ArrayList<>();
        Set<String> codes = new HashSet<>();
        requireFeatures(v, "plan.metered.features", features.size());
        for (int i = 0; i < features.size(); i++) {
            MeteredFeature f = features.get(i);
            String path = "plan.metered.features[" + i + "]";
            Feature feature = feature(v, path, f.hasFeature(), f.getFeature(), codes);
            BigDecimal included = nonNegative(v, path + ".included_units", f.getIncludedUnits());
            BigDecimal block = Decimals.positive(v, path + ".overage_block_size_units", f.getOverageBlockSizeUnits());
            Money price = price(
                    v,
                    path + ".overage_price_per_block",
                    f.hasOveragePricePerBlock(),
                    f.getOveragePricePerBlock(),
                    currency,
                    true);
            OverageRounding rounding = Enums.rounding(f.getOverageRounding());
            out.add(new ModelTerms.MeteredFeature(
                    feature, included, block, price, rounding == null ? OverageRounding.PROPORTIONAL : rounding));
        }
        return new ModelTerms.Metered(out);
    }

    private static ModelTerms.Credits credits(Violations v, dev.tally.invoice.v1.CreditsPlan plan, String currency) {
        BigDecimal perPeriod = nonNegative(v, "plan.credits.credits_per_period", plan.getCreditsPerPeriod());
        Money perCredit = price(
                v,
                "plan.credits.overage_price_per_credit",
                plan.hasOveragePricePerCredit(),
                plan.getOveragePricePerCredit(),
                currency,
                true);
        List<ModelTerms.CreditPack> packs = new ArrayList<>();
        Set<String> packCodes = new HashSet<>();
        for (int i = 0; i < plan.getCreditPacksCount(); i++) {
            CreditPack p = plan.getCreditPacks(i);
            String path = "plan.credits.credit_packs[" + i + "]";
            code(v, path + ".credit_pack_code", p.getCreditPackCode(), packCodes);
            BigDecimal credits = Decimals.positive(v, path + ".credits", p.getCredits());
            Money price = price(v, path + ".price", p.hasPrice(), p.getPrice(), currency, true);
            String name = p.getDisplayName().isEmpty() ? p.getCreditPackCode() : p.getDisplayName();
            packs.add(new ModelTerms.CreditPack(p.getCreditPackCode(), name, credits, price));
        }
        List<ModelTerms.CreditsFeature> features = new ArrayList<>();
        Set<String> codes = new HashSet<>();
        requireFeatures(v, "plan.credits.features", plan.getFeaturesCount());
        for (int i = 0; i < plan.getFeaturesCount(); i++) {
            CreditsFeature f = plan.getFeatures(i);
            String path = "plan.credits.features[" + i + "]";
            Feature feature = feature(v, path, f.hasFeature(), f.getFeature(), codes);
            features.add(new ModelTerms.CreditsFeature(
                    feature, Decimals.positive(v, path + ".credits_per_unit", f.getCreditsPerUnit())));
        }
        return new ModelTerms.Credits(perPeriod, perCredit, packs, features);
    }

    private static ModelTerms.Balance balance(Violations v, List<BalanceFeature> features, String currency) {
        List<ModelTerms.BalanceFeature> out = new ArrayList<>();
        Set<String> codes = new HashSet<>();
        requireFeatures(v, "plan.balance.features", features.size());
        for (int i = 0; i < features.size(); i++) {
            BalanceFeature f = features.get(i);
            String path = "plan.balance.features[" + i + "]";
            Feature feature = feature(v, path, f.hasFeature(), f.getFeature(), codes);
            BigDecimal margin = null;
            Money unitPrice = null;
            if (feature != null && feature.meterType() == MeterType.TOKENS) {
                margin = nonNegative(v, path + ".margin", f.getMargin());
                v.check(
                        f.hasUnitPrice(),
                        path + ".unit_price",
                        "must be unset for a token feature: it is charged its catalog cost × (1 + margin)");
            } else if (feature != null) {
                unitPrice = price(v, path + ".unit_price", f.hasUnitPrice(), f.getUnitPrice(), currency, true);
                v.check(
                        !f.getMargin().isEmpty(),
                        path + ".margin",
                        "must be empty for a units feature: it is charged value × unit_price");
            }
            out.add(new ModelTerms.BalanceFeature(feature, margin, unitPrice));
        }
        return new ModelTerms.Balance(out);
    }

    private static Feature feature(Violations v, String path, boolean present, PlanFeature f, Set<String> codes) {
        if (!present) {
            v.add(path + ".feature", "must be set");
            return null;
        }
        code(v, path + ".feature.feature_code", f.getFeatureCode(), codes);
        MeterType meter = PlanEnums.meterType(f.getMeterType());
        v.check(meter == null, path + ".feature.meter_type", "must be set: units or tokens");
        OveragePolicy policy = PlanEnums.overagePolicy(f.getOveragePolicy());
        String name = displayName(v, path + ".feature.display_name", f.getDisplayName(), false);
        v.check(f.getDisplayUnit().length() > 64, path + ".feature.display_unit", "must be at most 64 characters");
        return new Feature(
                f.getFeatureCode(),
                name == null || name.isEmpty() ? f.getFeatureCode() : name,
                f.getDisplayUnit(),
                meter,
                policy == null ? OveragePolicy.ALLOW : policy);
    }

    private static void code(Violations v, String path, String code, Set<String> seen) {
        if (!CODE.matcher(code).matches()) {
            v.add(path, "must be 1-64 characters of a-z, 0-9, '_', '.' and '-', got '" + code + "'");
        } else if (!seen.add(code)) {
            v.add(path, "'" + code + "' is used twice in the plan");
        }
    }

    private static void requireFeatures(Violations v, String path, int count) {
        v.check(count == 0, path, "must hold at least one feature");
    }

    static String displayName(Violations v, String path, String name, boolean required) {
        if (name.isEmpty()) {
            v.check(required, path, "must be set");
            return name;
        }
        v.check(name.codePointCount(0, name.length()) > 200, path, "must be at most 200 characters");
        return name;
    }

    /** An ISO 4217 currency (not CREDITS); null with a violation otherwise. */
    static String currency(Violations v, String path, String code) {
        String unit = ProtoMoney.unit(v, path, code, true);
        if (Money.CREDITS.equals(unit)) {
            v.add(path, "must be an ISO 4217 currency code such as USD (prices are money, not credits)");
            return null;
        }
        return unit;
    }

    /** A price >= 0 in the plan currency. */
    static Money price(
            Violations v,
            String path,
            boolean present,
            dev.tally.common.v1.Money money,
            String currency,
            boolean required) {
        if (!present && !required) {
            return null;
        }
        Money price = ProtoMoney.required(v, path, present, money.getAmount(), money.getCurrencyCode());
        if (price == null) {
            return null;
        }
        if (price.isNegative()) {
            v.add(path + ".amount", "must not be negative");
            return null;
        }
        if (currency != null && !currency.equals(price.currency())) {
            v.add(path + ".currency_code", "must be the plan currency " + currency + ", got " + price.currency());
            return null;
        }
        return price;
    }

    private static BigDecimal nonNegative(Violations v, String path, String text) {
        BigDecimal value = Decimals.required(v, path, text);
        if (value != null && value.signum() < 0) {
            v.add(path, "must not be negative");
            return null;
        }
        return value;
    }
}
