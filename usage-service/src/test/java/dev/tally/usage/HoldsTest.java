package dev.tally.usage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.usage.support.Doubles;
import dev.tally.usage.support.Plans;
import dev.tally.usage.v1.CheckReason;
import dev.tally.usage.v1.CheckRequest;
import dev.tally.usage.v1.CheckResponse;
import dev.tally.usage.v1.DebitStatus;
import dev.tally.usage.v1.TokenUsage;
import dev.tally.usage.v1.TrackResponse;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** Acceptance 5: reserve, stream, track with the reservation; parallel reserves beyond the balance. */
@QuarkusTest
class HoldsTest extends UsageTest {

    private static CheckRequest reserve(String c, long outputTokens, String key) {
        return CheckRequest.newBuilder()
                .setCustomerId(c)
                .setFeatureCode("chat_tokens")
                .setTokenUsage(TokenUsage.newBuilder()
                        .setModel("claude-sonnet-4-5")
                        .setTokens(counts(10_000, outputTokens, 0)))
                .setReserve(true)
                .setIdempotencyKey(key)
                .build();
    }

    @Test
    void reserveThenTrackTheRealTokensCapturesTheHold() {
        String c = customer(Plans.balance());
        Doubles.WALLET.grant(c, "USD", "1");
        // estimate: 10,000 × 0.000003 + 4,000 × 0.000015 = 0.03 + 0.06 = 0.09 cost; × 1.2 = 0.108 held
        CheckResponse hold = usage.check(reserve(c, 4_000, key()));
        assertThat(hold.getAllowed()).isTrue();
        assertThat(hold.getReason()).isEqualTo(CheckReason.CHECK_REASON_COVERED);
        assertThat(hold.getHoldId()).isNotEmpty();
        assertThat(hold.getHoldAmount().getAmount()).isEqualTo("0.108");
        assertThat(Doubles.WALLET.available(c, "USD")).isEqualByComparingTo("0.892");
        // the stream produced 2,000 output tokens: 0.03 + 0.03 = 0.06 cost, 0.072 charged; the rest of the hold is free
        // again
        TrackResponse tracked =
                usage.track(tokens(c, "chat_tokens", "claude-sonnet-4-5", counts(10_000, 2_000, 0), key()).toBuilder()
                        .setHoldId(hold.getHoldId())
                        .build());
        assertThat(tracked.getCharge().getBalance().getAmount().getAmount()).isEqualTo("0.072");
        assertThat(tracked.getDebitStatus()).isEqualTo(DebitStatus.DEBIT_STATUS_APPLIED);
        assertThat(Doubles.WALLET.available(c, "USD")).isEqualByComparingTo("0.928");
        // Check without reserve records nothing
        CheckResponse look =
                usage.check(reserve(c, 1, "").toBuilder().setReserve(false).build());
        assertThat(look.getHoldId()).isEmpty();
        assertThat(look.getRemaining().getBalance().getAvailable().getAmount()).isEqualTo("0.928");
    }

    @Test
    void twoReservesThatTogetherExceedTheBalanceRefuseTheSecond() {
        String c = customer(Plans.balance());
        // each estimate 0.108; 0.15 available: the first fits, the second does not (BLOCK policy)
        Doubles.WALLET.grant(c, "USD", "0.15");
        CheckResponse first = usage.check(reserve(c, 4_000, key()));
        CheckResponse second = usage.check(reserve(c, 4_000, key()));
        assertThat(first.getAllowed()).isTrue();
        assertThat(first.getHoldId()).isNotEmpty();
        assertThat(second.getAllowed()).isFalse();
        assertThat(second.getReason()).isEqualTo(CheckReason.CHECK_REASON_INSUFFICIENT_BALANCE);
        assertThat(second.getHoldId()).isEmpty();
    }

    @Test
    void aReplayedReserveReturnsTheSameHold() {
        String c = customer(Plans.balance());
        Doubles.WALLET.grant(c, "USD", "1");
        String k = key();
        CheckResponse first = usage.check(reserve(c, 4_000, k));
        CheckResponse again = usage.check(reserve(c, 4_000, k));
        assertThat(again.getDuplicate()).isTrue();
        assertThat(again.getHoldId()).isEqualTo(first.getHoldId());
        assertThat(Doubles.WALLET.available(c, "USD")).isEqualByComparingTo("0.892");
    }

    @Test
    void checkAnswersForMeteredAndCredits() {
        String metered = customer(Plans.metered());
        CheckResponse image = usage.check(CheckRequest.newBuilder()
                .setCustomerId(metered)
                .setFeatureCode("image")
                .setValue("11")
                .build());
        assertThat(image.getAllowed()).isFalse();
        assertThat(image.getReason()).isEqualTo(CheckReason.CHECK_REASON_ALLOWANCE_EXHAUSTED);
        CheckResponse fits = usage.check(CheckRequest.newBuilder()
                .setCustomerId(metered)
                .setFeatureCode("image")
                .setValue("10")
                .build());
        assertThat(fits.getReason()).isEqualTo(CheckReason.CHECK_REASON_WITHIN_ALLOWANCE);
        String credits = customer(Plans.credits());
        Doubles.WALLET.grant(credits, "CREDITS", "25");
        CheckResponse two = usage.check(CheckRequest.newBuilder()
                .setCustomerId(credits)
                .setFeatureCode("image")
                .setValue("2")
                .build());
        assertThat(two.getReason()).isEqualTo(CheckReason.CHECK_REASON_COVERED);
        CheckResponse three = usage.check(CheckRequest.newBuilder()
                .setCustomerId(credits)
                .setFeatureCode("image")
                .setValue("3")
                .build());
        assertThat(three.getAllowed()).isFalse();
        assertThat(three.getReason()).isEqualTo(CheckReason.CHECK_REASON_INSUFFICIENT_CREDITS);
        CheckResponse notOnPlan = usage.check(CheckRequest.newBuilder()
                .setCustomerId(credits)
                .setFeatureCode("voice")
                .build());
        assertThat(notOnPlan.getReason()).isEqualTo(CheckReason.CHECK_REASON_FEATURE_NOT_ON_PLAN);
    }
}
