package dev.tally.usage.domain;

import dev.tally.pricing.TokenCounts;
import dev.tally.pricing.TokenType;
import java.math.BigDecimal;
import java.util.Objects;

/** What an event used: a value of units, or a model call's tokens (units = the sum of the counts). */
public sealed interface Quantity {

    /** The units counted against the feature. */
    BigDecimal units();

    /** A units feature's value (1 when the request left it out). */
    record Units(BigDecimal value) implements Quantity {
        public Units {
            Objects.requireNonNull(value, "value");
            if (value.signum() <= 0) {
                throw new IllegalArgumentException("a value is greater than 0");
            }
        }

        @Override
        public BigDecimal units() {
            return value;
        }
    }

    /** A token feature's model (as the caller named it) and token counts. */
    record Tokens(String model, TokenCounts counts) implements Quantity {
        public Tokens {
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(counts, "counts");
        }

        @Override
        public BigDecimal units() {
            long sum = 0;
            for (TokenType type : TokenType.values()) {
                sum += counts.get(type);
            }
            return BigDecimal.valueOf(sum);
        }
    }
}
