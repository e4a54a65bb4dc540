package dev.tally.pricing;

import dev.tally.shared.money.Money;
import java.math.BigDecimal;
import java.util.Currency;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What a price version charges: currency, base rates (input and output required), long-context
 * tiers strictly ascending by threshold, and a per-request fee. Two specs are equal when every
 * rate is numerically equal, which is what decides whether a sync opens a new version. The
 * compiled {@link RateCard} makes quoting cheap.
 */
public final class PriceSpec {

    public static final String SYNC_CURRENCY = "USD";
    private static final Pattern CURRENCY_CODE = Pattern.compile("[A-Z]{3}");

    private final String currency;
    private final RateSet base;
    private final BigDecimal costPerRequest;
    private final List<LongContextTier> tiers;
    private final RateCard card;

    public PriceSpec(String currency, RateSet base, BigDecimal costPerRequest, List<LongContextTier> tiers) {
        if (!isCurrencyCode(currency)) {
            throw new IllegalArgumentException("not an ISO 4217 currency: " + currency);
        }
        if (!base.has(RateField.INPUT) || !base.has(RateField.OUTPUT)) {
            throw new IllegalArgumentException("base rates need input and output");
        }
        BigDecimal fee = costPerRequest == null ? BigDecimal.ZERO : costPerRequest;
        if (fee.signum() < 0) {
            throw new IllegalArgumentException("cost_per_request must not be negative");
        }
        for (int i = 1; i < tiers.size(); i++) {
            if (tiers.get(i).thresholdTokens() <= tiers.get(i - 1).thresholdTokens()) {
                throw new IllegalArgumentException("tiers must be strictly ascending by threshold");
            }
        }
        this.currency = currency;
        this.base = base;
        this.costPerRequest = Money.canonical(fee);
        this.tiers = List.copyOf(tiers);
        this.card = new RateCard(this);
    }

    /** Whether {@code code} is an ISO 4217 currency code the JDK knows ("USD", "EUR"); prices are never in credits. */
    public static boolean isCurrencyCode(String code) {
        if (code == null || !CURRENCY_CODE.matcher(code).matches()) {
            return false;
        }
        try {
            Currency.getInstance(code);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** A USD price without tiers or fee, for tests and simple manual prices. */
    public static PriceSpec usd(RateSet base) {
        return new PriceSpec(SYNC_CURRENCY, base, BigDecimal.ZERO, List.of());
    }

    public String currency() {
        return currency;
    }

    public RateSet base() {
        return base;
    }

    public BigDecimal costPerRequest() {
        return costPerRequest;
    }

    public List<LongContextTier> tiers() {
        return tiers;
    }

    RateCard card() {
        return card;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PriceSpec other
                && currency.equals(other.currency)
                && base.equals(other.base)
                && costPerRequest.equals(other.costPerRequest)
                && tiers.equals(other.tiers);
    }

    @Override
    public int hashCode() {
        return Objects.hash(currency, base, costPerRequest, tiers);
    }

    @Override
    public String toString() {
        return currency + " " + base + (tiers.isEmpty() ? "" : " tiers " + tiers)
                + (costPerRequest.signum() == 0 ? "" : " + " + costPerRequest + "/request");
    }
}
