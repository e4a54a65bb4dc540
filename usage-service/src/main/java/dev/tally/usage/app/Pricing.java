package dev.tally.usage.app;

import dev.tally.pricing.Quote;
import dev.tally.support.error.Reason;
import dev.tally.support.error.TallyException;
import dev.tally.usage.client.PriceTable;
import dev.tally.usage.domain.ChargeRule;
import dev.tally.usage.domain.Entitlement;
import dev.tally.usage.domain.EventCharge;
import dev.tally.usage.domain.PlanFeature;
import dev.tally.usage.domain.Quantity;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Prices a quantity under a plan, from the local price table: the feature must be on the plan
 * (FAILED_PRECONDITION FEATURE_NOT_ON_PLAN), the quantity must fit its meter type, a token call is
 * quoted at its occurred time exactly as catalog QuoteCost would, then {@link ChargeRule} applies.
 */
@ApplicationScoped
public class Pricing {

    private final PriceTable prices;

    public Pricing(PriceTable prices) {
        this.prices = prices;
    }

    /** The plan's feature, or FAILED_PRECONDITION FEATURE_NOT_ON_PLAN. */
    public static PlanFeature feature(Entitlement plan, String featureCode) {
        PlanFeature feature = plan.feature(featureCode);
        if (feature == null) {
            throw new TallyException(
                    Reason.FEATURE_NOT_ON_PLAN,
                    "feature '" + featureCode + "' is not on plan " + plan.planId() + " version " + plan.planVersion(),
                    Map.of("feature_code", featureCode, "plan_id", plan.planId()),
                    List.of());
        }
        return feature;
    }

    public PricedEvent price(TrackItem item, Entitlement plan) {
        PlanFeature feature = feature(plan, item.featureCode());
        ChargeRule.requireFits(feature, item.quantity(), "");
        return new PricedEvent(item, plan, feature, charge(plan, feature, item.quantity(), item.occurredTime()));
    }

    /** The charge of a quantity at {@code at} (also Check's estimate and an amendment's new charge). */
    public EventCharge charge(Entitlement plan, PlanFeature feature, Quantity quantity, Instant at) {
        Quote quote = null;
        String provider = null;
        if (quantity instanceof Quantity.Tokens tokens) {
            quote = prices.quote(tokens.model(), tokens.counts(), at);
            provider = prices.current().byId(quote.modelId()).provider();
        }
        return ChargeRule.charge(plan, feature, quantity, quote, provider);
    }

    /** Whether the price table holds a complete catalog snapshot (before it, token events cannot be priced). */
    public boolean ready() {
        return prices.loaded();
    }

    /** The models in the price table. */
    public int models() {
        return prices.size();
    }

    /** The catalog revision of the price table, or -1 before the first snapshot. */
    public long catalogRevision() {
        return prices.revision();
    }
}
