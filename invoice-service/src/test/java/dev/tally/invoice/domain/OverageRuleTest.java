package dev.tally.invoice.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class OverageRuleTest {

    @Test
    void proRightsizesToExactlyTheUnitsBeyondTheAllowance() {
        // acceptance 1: Pro includes 100,000 tokens, 250,000 used -> overage for exactly 150,000
        var pro = Plans.metered("chat_tokens", "100000", "1000", "0.02", OverageRounding.PROPORTIONAL);
        OverageRule.Overage overage = OverageRule.of(pro, new BigDecimal("250000"));
        assertThat(overage.overageUnits()).isEqualByComparingTo("150000");
        assertThat(overage.blocks()).isEqualByComparingTo("150");
        assertThat(overage.unrounded().amount()).isEqualByComparingTo("3.00");
    }

    @Test
    void proportionalBillsFractionalBlocks() {
        // $0.03 per 1,000 tokens beyond 50,000; 80,500 used: 30,500 / 1,000 = 30.5 blocks x 0.03 = 0.915
        var feature = Plans.metered("chat_tokens", "50000", "1000", "0.03", OverageRounding.PROPORTIONAL);
        OverageRule.Overage overage = OverageRule.of(feature, new BigDecimal("80500"));
        assertThat(overage.overageUnits()).isEqualByComparingTo("30500");
        assertThat(overage.blocks()).isEqualByComparingTo("30.5");
        assertThat(overage.unrounded().amount()).isEqualByComparingTo("0.915");
        assertThat(CurrencyScale.rounded(overage.unrounded()).amountText()).isEqualTo("0.92");
    }

    @Test
    void perStartedBlockBillsEveryStartedBlockInFull() {
        // ceil(30.5) = 31 blocks x 0.03 = 0.93
        var feature = Plans.metered("chat_tokens", "50000", "1000", "0.03", OverageRounding.PER_STARTED_BLOCK);
        OverageRule.Overage overage = OverageRule.of(feature, new BigDecimal("80500"));
        assertThat(overage.blocks()).isEqualByComparingTo("31");
        assertThat(overage.unrounded().amount()).isEqualByComparingTo("0.93");
        // one unit into a block starts it; an exact multiple starts no extra block
        assertThat(OverageRule.of(feature, new BigDecimal("50001")).blocks()).isEqualByComparingTo("1");
        assertThat(OverageRule.of(feature, new BigDecimal("52000")).blocks()).isEqualByComparingTo("2");
    }

    @Test
    void usageWithinTheAllowanceHasNoOverage() {
        var feature = Plans.metered("chat_tokens", "50000", "1000", "0.03", OverageRounding.PER_STARTED_BLOCK);
        assertThat(OverageRule.of(feature, new BigDecimal("49999")).isNone()).isTrue();
        assertThat(OverageRule.of(feature, new BigDecimal("50000")).isNone()).isTrue();
        assertThat(OverageRule.of(feature, BigDecimal.ZERO).unrounded().isZero())
                .isTrue();
    }

    @Test
    void aNonTerminatingProportionKeeps34Digits() {
        // 10 units beyond, blocks of 3 at 1.00: 3.333... blocks -> 3.33 on the line
        var feature = Plans.metered("images", "0", "3", "1", OverageRounding.PROPORTIONAL);
        OverageRule.Overage overage = OverageRule.of(feature, BigDecimal.TEN);
        assertThat(overage.blocks().precision()).isEqualTo(34);
        assertThat(CurrencyScale.rounded(overage.unrounded()).amountText()).isEqualTo("3.33");
    }
}
