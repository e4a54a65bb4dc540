package dev.tally.usage.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The worked example of {@link MeteredAllowance}: a transaction's new METERED events take their units in order. */
class MeteredAllowanceTest {

    private static final AllowanceKey CHAT =
            new AllowanceKey("c1", Instant.parse("2025-07-01T00:00:00Z"), "chat_tokens");
    private static final AllowanceKey IMAGE = new AllowanceKey("c1", Instant.parse("2025-07-01T00:00:00Z"), "image");
    private static final BigDecimal INCLUDED = new BigDecimal("100000");

    @Test
    void theEventsOfOneTransactionSplitInOrderAgainstWhatWasUsedBeforeIt() {
        // the store returns 120,000 after a transaction adding 25,000 + 5,000: 90,000 were used before it
        MeteredAllowance allowance =
                new MeteredAllowance(Map.of(CHAT, new BigDecimal("120000")), Map.of(CHAT, new BigDecimal("30000")));

        // 25,000 against 90,000 used: 10,000 included, 15,000 overage
        MeteredSplit first = allowance.next(CHAT, new BigDecimal("25000"), INCLUDED);
        assertThat(first.included()).isEqualByComparingTo("10000");
        assertThat(first.overage()).isEqualByComparingTo("15000");
        assertThat(allowance.used(CHAT)).isEqualByComparingTo("115000");

        // 5,000 against 115,000 used: nothing left, all overage
        MeteredSplit second = allowance.next(CHAT, new BigDecimal("5000"), INCLUDED);
        assertThat(second.included()).isEqualByComparingTo("0");
        assertThat(second.overage()).isEqualByComparingTo("5000");
        assertThat(allowance.used(CHAT)).isEqualByComparingTo("120000");
    }

    @Test
    void eachAllowanceCountsOnItsOwn() {
        // image: 8 after a transaction adding 3 (5 used before), 10 included → 3 included
        MeteredAllowance allowance = new MeteredAllowance(
                Map.of(CHAT, new BigDecimal("1000"), IMAGE, new BigDecimal("8")),
                Map.of(CHAT, new BigDecimal("1000"), IMAGE, new BigDecimal("3")));
        assertThat(allowance.next(IMAGE, new BigDecimal("3"), BigDecimal.TEN).included())
                .isEqualByComparingTo("3");
        // chat: nothing used before, 1,000 of 100,000 included
        assertThat(allowance.next(CHAT, new BigDecimal("1000"), INCLUDED).overage())
                .isEqualByComparingTo("0");
    }
}
