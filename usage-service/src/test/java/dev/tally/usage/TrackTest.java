package dev.tally.usage;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Timestamp;
import dev.tally.usage.support.Doubles;
import dev.tally.usage.support.InvoiceDouble;
import dev.tally.usage.support.Plans;
import dev.tally.usage.v1.DebitStatus;
import dev.tally.usage.v1.TrackRequest;
import dev.tally.usage.v1.TrackResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.quarkus.test.junit.QuarkusTest;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Acceptance 1: each consumption model priced and deducted correctly against the doubles of
 * catalog, wallet and invoice; validation and plan errors store nothing.
 */
@QuarkusTest
class TrackTest extends UsageTest {

    @Test
    void balanceTokenEventWithCacheReadsChargesCostTimesOnePlusMarginAndDebitsIt() {
        String c = customer(Plans.balance());
        Doubles.WALLET.grant(c, "USD", "10");
        // claude-sonnet-4-5: 10,000 × 0.000003 + 2,000 × 0.000015 + 50,000 × 0.0000003 = 0.03 + 0.03 + 0.015 = 0.075
        // amount = 0.075 × 1.20 = 0.09, margin amount 0.015; the wallet: 10 − 0.09 = 9.91
        TrackResponse r =
                usage.track(tokens(c, "chat_tokens", "claude-sonnet-4-5", counts(10_000, 2_000, 50_000), key()));
        assertThat(r.getCharge().getUnits()).isEqualTo("62000");
        assertThat(r.getCharge().getBalance().getCost().getAmount()).isEqualTo("0.075");
        assertThat(r.getCharge().getBalance().getMargin()).isEqualTo("0.2");
        assertThat(r.getCharge().getBalance().getAmount().getAmount()).isEqualTo("0.09");
        assertThat(r.getCharge().getBalance().getAmount().getCurrencyCode()).isEqualTo("USD");
        assertThat(r.getCharge().getBalance().getMarginAmount().getAmount()).isEqualTo("0.015");
        assertThat(r.getTokenCost().getModelId()).isEqualTo("claude-sonnet-4-5");
        assertThat(r.getTokenCost().getProviderCost().getAmount()).isEqualTo("0.075");
        assertThat(r.getDebitStatus()).isEqualTo(DebitStatus.DEBIT_STATUS_APPLIED);
        assertThat(r.getRemaining().getBalance().getAvailable().getAmount()).isEqualTo("9.91");
        assertThat(r.getCharge().getBalance().getShortfall().getAmount()).isEqualTo("0");
        assertThat(Doubles.WALLET.available(c, "USD")).isEqualByComparingTo("9.91");
        assertThat(sql("SELECT count(*) FROM wallet_outbox")).isZero();
    }

    @Test
    void balanceUnitsEventChargesValueTimesUnitPrice() {
        String c = customer(Plans.balance());
        Doubles.WALLET.grant(c, "USD", "5");
        // 4 × 0.25 = 1
        TrackResponse r = usage.track(units(c, "voice_seconds", "4", key()));
        assertThat(r.getCharge().getBalance().getAmount().getAmount()).isEqualTo("1");
        assertThat(r.getCharge().getBalance().getUnitPrice().getAmount()).isEqualTo("0.25");
        assertThat(r.getCharge().getBalance().hasCost()).isFalse();
        assertThat(Doubles.WALLET.available(c, "USD")).isEqualByComparingTo("4");
    }

    @Test
    void creditsChargeUnitsTimesCreditsPerUnitForUnitsAndTokens() {
        String c = customer(Plans.credits());
        Doubles.WALLET.grant(c, "CREDITS", "100");
        // image: 3 × 10 = 30 credits
        TrackResponse image = usage.track(units(c, "image", "3", key()));
        assertThat(image.getCharge().getCredits().getAmount().getAmount()).isEqualTo("30");
        assertThat(image.getCharge().getCredits().getAmount().getCurrencyCode()).isEqualTo("CREDITS");
        assertThat(image.getRemaining().getCredits().getAvailable().getAmount()).isEqualTo("70");
        // chat: 4,000 + 800 = 4,800 tokens × 0.002 = 9.6 credits; provider cost 4,000 × 0.0000025 + 800 × 0.00001 =
        // 0.018
        TrackResponse chat = usage.track(tokens(c, "chat_tokens", "gpt-4o", counts(4_000, 800, 0), key()));
        assertThat(chat.getCharge().getCredits().getAmount().getAmount()).isEqualTo("9.6");
        assertThat(chat.getTokenCost().getProviderCost().getAmount()).isEqualTo("0.018");
        assertThat(Doubles.WALLET.available(c, "CREDITS")).isEqualByComparingTo("60.4");
        // beyond the credits: 7 images = 70 credits, 60.4 covered, 9.6 shortfall (never refused)
        TrackResponse over = usage.track(units(c, "image", "7", key()));
        assertThat(over.getCharge().getCredits().getShortfall().getAmount()).isEqualTo("9.6");
        assertThat(over.getExhausted()).isTrue();
    }

    @Test
    void meteredSplitsUnitsBetweenAllowanceAndOverageAndDebitsNothing() {
        String c = customer(Plans.metered());
        // 100,000 included: 90,000 → all included; then 25,000 → 10,000 included + 15,000 overage
        TrackResponse first = usage.track(tokens(c, "chat_tokens", "gpt-4o", counts(90_000, 0, 0), key()));
        assertThat(first.getCharge().getMetered().getIncludedUnits()).isEqualTo("90000");
        assertThat(first.getRemaining().getMetered().getIncludedUnitsLeft()).isEqualTo("10000");
        assertThat(first.getDebitStatus()).isEqualTo(DebitStatus.DEBIT_STATUS_NOT_REQUIRED);
        TrackResponse second = usage.track(tokens(c, "chat_tokens", "gpt-4o", counts(20_000, 5_000, 0), key()));
        assertThat(second.getCharge().getMetered().getIncludedUnits()).isEqualTo("10000");
        assertThat(second.getCharge().getMetered().getOverageUnits()).isEqualTo("15000");
        assertThat(second.getRemaining().getMetered().getIncludedUnitsLeft()).isEqualTo("0");
        assertThat(second.getRemaining().getMetered().getOverageUnits()).isEqualTo("15000");
        assertThat(second.getExhausted()).isTrue();
        // a units event without value counts 1
        assertThat(usage.track(units(c, "image", null, key())).getCharge().getUnits())
                .isEqualTo("1");
        assertThat(Doubles.WALLET.debitCount(c)).isZero();
    }

    @Test
    void aZeroChargeSkipsTheDebit() {
        String c = customer(Plans.balance());
        TrackResponse r = usage.track(tokens(c, "chat_tokens", "gpt-4o", counts(0, 0, 0), key()));
        assertThat(r.getDebitStatus()).isEqualTo(DebitStatus.DEBIT_STATUS_NOT_REQUIRED);
        assertThat(r.getCharge().getBalance().getAmount().getAmount()).isEqualTo("0");
        assertThat(Doubles.WALLET.debitCount(c)).isZero();
    }

    @Test
    void planAndCatalogErrorsStoreNothing() {
        String c = customer(Plans.balance());
        StatusRuntimeException mismatch = fails(
                Status.Code.FAILED_PRECONDITION,
                () -> usage.track(tokens(c, "chat_tokens", "eur-model", counts(10, 10, 0), key())));
        assertThat(reason(mismatch)).isEqualTo("CURRENCY_MISMATCH");
        assertThat(reason(fails(Status.Code.FAILED_PRECONDITION, () -> usage.track(units(c, "image", "1", key())))))
                .isEqualTo("FEATURE_NOT_ON_PLAN");
        StatusRuntimeException model = fails(
                Status.Code.NOT_FOUND,
                () -> usage.track(tokens(c, "chat_tokens", "claude-sonet-4-5", counts(1, 1, 0), key())));
        assertThat(reason(model)).isEqualTo("MODEL_NOT_FOUND");
        assertThat(StatusProto.fromThrowable(model).toString()).contains("claude-sonnet-4-5");
        assertThat(reason(fails(
                        Status.Code.NOT_FOUND,
                        () -> usage.track(units("nobody-" + UUID.randomUUID(), "image", "1", key())))))
                .isEqualTo("CUSTOMER_NOT_FOUND");
        String unsubscribed = "c-" + UUID.randomUUID();
        Doubles.INVOICE.customerWithoutSubscription(unsubscribed);
        assertThat(reason(fails(
                        Status.Code.FAILED_PRECONDITION, () -> usage.track(units(unsubscribed, "image", "1", key())))))
                .isEqualTo("NO_ACTIVE_SUBSCRIPTION");
        assertThat(events(c)).isZero();
    }

    @Test
    void badInputIsRefusedWithEveryFieldAndNothingStored() {
        String c = customer(Plans.balance());
        TrackRequest bad = TrackRequest.newBuilder()
                .setCustomerId(c)
                .setFeatureCode("chat_tokens")
                .setTokenUsage(
                        tokens(c, "chat_tokens", "", counts(-1, 5, 0), "x").getTokenUsage())
                .setOccurredTime(Timestamp.newBuilder()
                        .setSeconds(Instant.now().plusSeconds(600).getEpochSecond()))
                .build();
        StatusRuntimeException e = fails(Status.Code.INVALID_ARGUMENT, () -> usage.track(bad));
        assertThat(reason(e)).isEqualTo("VALIDATION_FAILED");
        assertThat(StatusProto.fromThrowable(e).toString())
                .contains("idempotency_key", "token_usage.model", "token_usage.tokens.input_tokens", "occurred_time");
        fails(Status.Code.INVALID_ARGUMENT, () -> usage.track(units(c, "voice_seconds", "-2", key())));
        fails(Status.Code.INVALID_ARGUMENT, () -> usage.track(units(c, "voice_seconds", "1e3", key())));
        // a value on a token feature, token usage on a units feature
        fails(Status.Code.INVALID_ARGUMENT, () -> usage.track(units(c, "chat_tokens", "5", key())));
        fails(
                Status.Code.INVALID_ARGUMENT,
                () -> usage.track(tokens(c, "voice_seconds", "gpt-4o", counts(1, 1, 0), key())));
        TrackRequest.Builder many = units(c, "voice_seconds", "1", key()).toBuilder();
        for (int i = 0; i < 51; i++) {
            many.putProperties("p" + i, "v");
        }
        assertThat(StatusProto.fromThrowable(fails(Status.Code.INVALID_ARGUMENT, () -> usage.track(many.build())))
                        .toString())
                .contains("properties");
        assertThat(events(c)).isZero();
    }

    @Test
    void aLateEventCountsInItsPeriodUntilTheGraceEndsThenPeriodClosed() {
        String c = "c-" + UUID.randomUUID().toString().substring(0, 12);
        Instant now = Instant.now();
        Instant previousStart = now.minus(Duration.ofDays(31));
        Instant previousEnd = now.minus(Duration.ofHours(1));
        Doubles.INVOICE.subscribe(
                c,
                new InvoiceDouble.PeriodTerms(
                        Plans.metered(), previousStart, previousEnd, previousEnd.plus(Duration.ofDays(3)), false),
                new InvoiceDouble.PeriodTerms(
                        Plans.metered(),
                        previousEnd,
                        now.plus(Duration.ofDays(29)),
                        now.plus(Duration.ofDays(32)),
                        false));
        Instant late = previousEnd.minus(Duration.ofMinutes(5));
        TrackRequest event = units(c, "image", "2", key()).toBuilder()
                .setOccurredTime(Timestamp.newBuilder().setSeconds(late.getEpochSecond()))
                .build();
        TrackResponse accepted = usage.track(event);
        assertThat(accepted.getPeriod().getStartTime().getSeconds()).isEqualTo(previousStart.getEpochSecond());
        // four days later the previous period's grace (3 days) is over: PERIOD_CLOSED, decided from the period data
        clock.advance(Duration.ofDays(4));
        TrackRequest tooLate = event.toBuilder().setIdempotencyKey(key()).build();
        assertThat(reason(fails(Status.Code.FAILED_PRECONDITION, () -> usage.track(tooLate))))
                .isEqualTo("PERIOD_CLOSED");
        assertThat(events(c)).isEqualTo(1);
    }

    @Test
    void anEventBeforeAClosedPeriodEndIsPeriodClosed() {
        String c = "c-" + UUID.randomUUID().toString().substring(0, 12);
        Instant now = Instant.now();
        Instant start = now.minus(Duration.ofDays(10));
        Instant end = now.minus(Duration.ofDays(2));
        Doubles.INVOICE.subscribe(
                c,
                new InvoiceDouble.PeriodTerms(Plans.metered(), start, end, now.plus(Duration.ofDays(1)), true),
                new InvoiceDouble.PeriodTerms(
                        Plans.metered(), end, now.plus(Duration.ofDays(20)), now.plus(Duration.ofDays(23)), false));
        TrackRequest event = units(c, "image", "1", key()).toBuilder()
                .setOccurredTime(
                        Timestamp.newBuilder().setSeconds(end.minusSeconds(60).getEpochSecond()))
                .build();
        assertThat(reason(fails(Status.Code.FAILED_PRECONDITION, () -> usage.track(event))))
                .isEqualTo("PERIOD_CLOSED");
        assertThat(new BigDecimal(
                        usage.track(units(c, "image", "1", key())).getCharge().getUnits()))
                .isEqualByComparingTo("1");
    }
}
