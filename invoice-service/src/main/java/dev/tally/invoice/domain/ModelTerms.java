package dev.tally.invoice.domain;

import dev.tally.shared.money.Money;
import dev.tally.shared.plan.ConsumptionModel;
import java.math.BigDecimal;
import java.util.List;

/**
 * The terms of a plan's one consumption model. Sealed: a plan holds exactly one of these, so a plan
 * mixing models cannot be built (the proto {@code oneof} says the same on the wire, and CHECK
 * constraints say it in the database).
 */
public sealed interface ModelTerms {

    ConsumptionModel model();

    /** The billable features, in plan order. */
    List<Feature> features();

    /** Allowance + overage per feature, billed at period end. */
    record Metered(List<MeteredFeature> meteredFeatures) implements ModelTerms {
        public Metered {
            meteredFeatures = List.copyOf(meteredFeatures);
        }

        @Override
        public ConsumptionModel model() {
            return ConsumptionModel.METERED;
        }

        @Override
        public List<Feature> features() {
            return meteredFeatures.stream().map(MeteredFeature::feature).toList();
        }
    }

    /** Prepaid credits: a grant per period, packs to buy, credits per unit of usage. */
    record Credits(
            BigDecimal creditsPerPeriod,
            Money overagePricePerCredit,
            List<CreditPack> packs,
            List<CreditsFeature> creditsFeatures)
            implements ModelTerms {
        public Credits {
            packs = List.copyOf(packs);
            creditsFeatures = List.copyOf(creditsFeatures);
        }

        @Override
        public ConsumptionModel model() {
            return ConsumptionModel.CREDITS;
        }

        @Override
        public List<Feature> features() {
            return creditsFeatures.stream().map(CreditsFeature::feature).toList();
        }

        public CreditPack pack(String code) {
            return packs.stream().filter(p -> p.code().equals(code)).findFirst().orElse(null);
        }
    }

    /** Prepaid money: the base price is each period's balance; usage debits its money cost. */
    record Balance(List<BalanceFeature> balanceFeatures) implements ModelTerms {
        public Balance {
            balanceFeatures = List.copyOf(balanceFeatures);
        }

        @Override
        public ConsumptionModel model() {
            return ConsumptionModel.BALANCE;
        }

        @Override
        public List<Feature> features() {
            return balanceFeatures.stream().map(BalanceFeature::feature).toList();
        }
    }

    /** A METERED feature: included units per period, then blocks of overage at a price. */
    record MeteredFeature(
            Feature feature,
            BigDecimal includedUnits,
            BigDecimal blockSizeUnits,
            Money pricePerBlock,
            OverageRounding rounding) {}

    /** A CREDITS feature: credits debited per unit. */
    record CreditsFeature(Feature feature, BigDecimal creditsPerUnit) {}

    /**
     * A BALANCE feature: token features carry a margin (charge = cost × (1 + margin)), units features
     * a unit price; the other is null.
     */
    record BalanceFeature(Feature feature, BigDecimal margin, Money unitPrice) {}

    /** A credit pack a CREDITS plan sells: credits that never expire, for a price. */
    record CreditPack(String code, String displayName, BigDecimal credits, Money price) {}
}
