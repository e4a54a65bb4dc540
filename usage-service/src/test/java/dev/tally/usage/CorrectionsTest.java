package dev.tally.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.Timestamp;
import dev.tally.testing.Waits;
import dev.tally.usage.support.Doubles;
import dev.tally.usage.support.InvoiceDouble;
import dev.tally.usage.support.Plans;
import dev.tally.usage.v1.AmendEventRequest;
import dev.tally.usage.v1.AmendEventResponse;
import dev.tally.usage.v1.DebitStatus;
import dev.tally.usage.v1.ListEventsRequest;
import dev.tally.usage.v1.TokenUsage;
import dev.tally.usage.v1.TrackResponse;
import dev.tally.usage.v1.UsageEvent;
import dev.tally.usage.v1.VoidEventRequest;
import dev.tally.usage.v1.VoidEventResponse;
import io.grpc.Status;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Acceptance 6: void and amend in an open period restore or adjust the balance exactly; aggregates equal a recount. */
@QuarkusTest
class CorrectionsTest extends UsageTest {

    private UsageEvent event(String customer, String eventId) {
        return usage
                .listEvents(
                        ListEventsRequest.newBuilder().setCustomerId(customer).build())
                .getEventsList()
                .stream()
                .filter(e -> e.getEventId().equals(eventId))
                .findFirst()
                .orElseThrow();
    }

    private void awaitApplied(String customer, String eventId) {
        await("the wallet calls of event " + eventId).atMost(Waits.PATIENTLY).until(() -> {
            DebitStatus status = event(customer, eventId).getDebitStatus();
            return status == DebitStatus.DEBIT_STATUS_APPLIED || status == DebitStatus.DEBIT_STATUS_NOT_REQUIRED;
        });
    }

    @Test
    void aVoidReversesTheDebitAndLeavesTheAggregates() {
        String c = customer(Plans.credits());
        Doubles.WALLET.grant(c, "CREDITS", "100");
        TrackResponse kept = usage.track(units(c, "image", "1", key()));
        TrackResponse voided = usage.track(units(c, "image", "3", key()));
        assertThat(Doubles.WALLET.available(c, "CREDITS")).isEqualByComparingTo("60");
        String k = key();
        VoidEventResponse r = usage.voidEvent(VoidEventRequest.newBuilder()
                .setCustomerId(c)
                .setEventId(voided.getEventId())
                .setReason("duplicate upload")
                .setIdempotencyKey(k)
                .build());
        assertThat(r.getEvent().hasVoidTime()).isTrue();
        assertThat(r.getEvent().getRevision()).isEqualTo(1);
        awaitApplied(c, voided.getEventId());
        // 100 − 10 − 30 + 30 = 70: exactly the voided charge back
        assertThat(Doubles.WALLET.available(c, "CREDITS")).isEqualByComparingTo("90");
        assertThat(sql("SELECT event_count FROM usage_aggregate WHERE customer_id = '" + c + "'"))
                .isEqualTo(1);
        assertThat(sql("SELECT units FROM usage_aggregate WHERE customer_id = '" + c + "'"))
                .isEqualTo(1);
        // again with the same key: a replay; with another key: INVALID_STATE
        assertThat(usage.voidEvent(VoidEventRequest.newBuilder()
                                .setCustomerId(c)
                                .setEventId(voided.getEventId())
                                .setReason("duplicate upload")
                                .setIdempotencyKey(k)
                                .build())
                        .getDuplicate())
                .isTrue();
        assertThat(reason(fails(
                        Status.Code.FAILED_PRECONDITION,
                        () -> usage.voidEvent(VoidEventRequest.newBuilder()
                                .setCustomerId(c)
                                .setEventId(voided.getEventId())
                                .setIdempotencyKey(key())
                                .build()))))
                .isEqualTo("INVALID_STATE");
        assertThat(reason(fails(
                        Status.Code.NOT_FOUND,
                        () -> usage.voidEvent(VoidEventRequest.newBuilder()
                                .setCustomerId(c)
                                .setEventId(UUID.randomUUID().toString())
                                .setIdempotencyKey(key())
                                .build()))))
                .isEqualTo("RESOURCE_NOT_FOUND");
        assertThat(Doubles.WALLET.available(c, "CREDITS")).isEqualByComparingTo("90");
        assertThat(kept.getDebitStatus()).isEqualTo(DebitStatus.DEBIT_STATUS_APPLIED);
        assertAggregatesEqualARecount();
    }

    @Test
    void anAmendmentAdjustsTheDebitToTheNewCharge() {
        String c = customer(Plans.balance());
        Doubles.WALLET.grant(c, "USD", "10");
        // 10,000 input + 2,000 output + 50,000 cache read: 0.075 cost, 0.09 charged → 9.91
        TrackResponse t =
                usage.track(tokens(c, "chat_tokens", "claude-sonnet-4-5", counts(10_000, 2_000, 50_000), key()));
        assertThat(Doubles.WALLET.available(c, "USD")).isEqualByComparingTo("9.91");
        // corrected to 20,000 input + 4,000 output: 0.06 + 0.06 = 0.12 cost, 0.144 charged → 10 − 0.144 = 9.856
        AmendEventResponse r = usage.amendEvent(AmendEventRequest.newBuilder()
                .setCustomerId(c)
                .setEventId(t.getEventId())
                .setTokenUsage(
                        TokenUsage.newBuilder().setModel("claude-sonnet-4-5").setTokens(counts(20_000, 4_000, 0)))
                .setIdempotencyKey(key())
                .build());
        assertThat(r.getPreviousCharge().getBalance().getAmount().getAmount()).isEqualTo("0.09");
        assertThat(r.getEvent().getCharge().getBalance().getAmount().getAmount())
                .isEqualTo("0.144");
        assertThat(r.getEvent().getCharge().getUnits()).isEqualTo("24000");
        assertThat(r.getEvent().getDebitStatus()).isEqualTo(DebitStatus.DEBIT_STATUS_PENDING);
        awaitApplied(c, t.getEventId());
        assertThat(Doubles.WALLET.available(c, "USD")).isEqualByComparingTo("9.856");
        UsageEvent listed = event(c, t.getEventId());
        assertThat(listed.hasAmendTime()).isTrue();
        assertThat(listed.getTokenUsage().getTokens().getInputTokens()).isEqualTo(20_000);
        assertThat(sql("SELECT input_tokens FROM usage_aggregate WHERE customer_id = '" + c + "'"))
                .isEqualTo(20_000);
        // then voided: everything back, 10
        usage.voidEvent(VoidEventRequest.newBuilder()
                .setCustomerId(c)
                .setEventId(t.getEventId())
                .setIdempotencyKey(key())
                .build());
        awaitApplied(c, t.getEventId());
        assertThat(Doubles.WALLET.available(c, "USD")).isEqualByComparingTo("10");
        assertAggregatesEqualARecount();
    }

    @Test
    void aMeteredAmendmentMovesTheAllowance() {
        String c = customer(Plans.metered());
        TrackResponse a = usage.track(units(c, "image", "8", key()));
        usage.track(units(c, "image", "4", key()));
        // 8 + 4 = 12 of 10 included; amend the first to 5: 5 + 4 = 9, all included
        AmendEventResponse r = usage.amendEvent(AmendEventRequest.newBuilder()
                .setCustomerId(c)
                .setEventId(a.getEventId())
                .setValue("5")
                .setIdempotencyKey(key())
                .build());
        assertThat(r.getEvent().getCharge().getMetered().getIncludedUnits()).isEqualTo("5");
        assertThat(r.getEvent().getDebitStatus()).isEqualTo(DebitStatus.DEBIT_STATUS_NOT_REQUIRED);
        assertThat(sql("SELECT units FROM usage_allowance WHERE customer_id = '" + c + "'"))
                .isEqualTo(9);
        assertAggregatesEqualARecount();
    }

    @Test
    void correctionsInAClosedPeriodArePeriodClosed() {
        String c = "c-" + UUID.randomUUID().toString().substring(0, 12);
        Instant now = Instant.now();
        Instant end = now.plus(Duration.ofMinutes(1));
        Doubles.INVOICE.subscribe(
                c,
                new InvoiceDouble.PeriodTerms(
                        Plans.metered(), now.minus(Duration.ofDays(30)), end, end.plus(Duration.ofDays(1)), false));
        TrackResponse t = usage.track(units(c, "image", "1", key()).toBuilder()
                .setOccurredTime(Timestamp.newBuilder().setSeconds(now.getEpochSecond()))
                .build());
        clock.advance(Duration.ofDays(2));
        assertThat(reason(fails(
                        Status.Code.FAILED_PRECONDITION,
                        () -> usage.voidEvent(VoidEventRequest.newBuilder()
                                .setCustomerId(c)
                                .setEventId(t.getEventId())
                                .setIdempotencyKey(key())
                                .build()))))
                .isEqualTo("PERIOD_CLOSED");
        assertThat(reason(fails(
                        Status.Code.FAILED_PRECONDITION,
                        () -> usage.amendEvent(AmendEventRequest.newBuilder()
                                .setCustomerId(c)
                                .setEventId(t.getEventId())
                                .setValue("2")
                                .setIdempotencyKey(key())
                                .build()))))
                .isEqualTo("PERIOD_CLOSED");
    }
}
