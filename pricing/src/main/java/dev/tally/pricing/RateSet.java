package dev.tally.pricing;

import dev.tally.shared.money.Money;
import java.math.BigDecimal;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * A set of per-token rates (exact, canonical); a field that is absent is "not priced separately"
 * and falls back at quote time (see {@link TokenType}). Immutable.
 */
public final class RateSet {

    public static final RateSet EMPTY = new RateSet(new EnumMap<>(RateField.class));

    private final Map<RateField, BigDecimal> rates;

    private RateSet(EnumMap<RateField, BigDecimal> rates) {
        this.rates = Collections.unmodifiableMap(rates);
    }

    /** Builds from a map; null values are dropped, values are made canonical. */
    public static RateSet of(Map<RateField, BigDecimal> values) {
        EnumMap<RateField, BigDecimal> copy = new EnumMap<>(RateField.class);
        values.forEach((field, value) -> {
            if (value != null) {
                if (value.signum() < 0) {
                    throw new IllegalArgumentException(field.apiName() + " must not be negative");
                }
                copy.put(field, Money.canonical(value));
            }
        });
        return new RateSet(copy);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The rate, or null when not set. */
    public BigDecimal get(RateField field) {
        return rates.get(field);
    }

    public boolean has(RateField field) {
        return rates.containsKey(field);
    }

    public boolean isEmpty() {
        return rates.isEmpty();
    }

    public Map<RateField, BigDecimal> asMap() {
        return rates;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RateSet other && rates.equals(other.rates);
    }

    @Override
    public int hashCode() {
        return Objects.hash(rates);
    }

    @Override
    public String toString() {
        return rates.toString();
    }

    /** Fluent construction, mostly for tests and parsers. */
    public static final class Builder {
        private final EnumMap<RateField, BigDecimal> values = new EnumMap<>(RateField.class);

        public Builder set(RateField field, BigDecimal value) {
            values.put(field, value);
            return this;
        }

        public Builder set(RateField field, String decimalText) {
            return set(field, new BigDecimal(decimalText));
        }

        public RateSet build() {
            return of(values);
        }
    }
}
