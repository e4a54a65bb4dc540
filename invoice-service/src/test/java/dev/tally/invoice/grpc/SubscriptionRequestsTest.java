package dev.tally.invoice.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.invoice.domain.NewSubscription;
import dev.tally.invoice.v1.CreateSubscriptionRequest;
import dev.tally.support.error.Violations;
import dev.tally.support.proto.ProtoTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * How far back a subscription may start ({@code tally.invoice.max-start-backdate}). With the default
 * 5 minutes (clock skew), a start 6 minutes ago is refused; an operator bringing over subscriptions
 * from another system sets e.g. 35 days, and a start 30 days ago is accepted: its period 0 keeps
 * its anchor day and ends one month after that start.
 */
class SubscriptionRequestsTest {

    private static final Instant NOW = Instant.parse("2026-03-15T12:00:00Z");

    @Test
    void theDefaultLimitIsClockSkew() {
        Violations v = new Violations();
        assertThat(SubscriptionRequests.create(
                        v, startingAt(NOW.minus(Duration.ofMinutes(6))), NOW, Duration.ofMinutes(5)))
                .isNull();
        assertThat(v.list().toString()).contains("start_time").contains("must not be more than 5 minutes in the past");

        Violations ok = new Violations();
        assertThat(SubscriptionRequests.create(
                        ok, startingAt(NOW.minus(Duration.ofMinutes(4))), NOW, Duration.ofMinutes(5)))
                .isNotNull();
        assertThat(ok.isEmpty()).isTrue();
    }

    @Test
    void aLongerLimitAcceptsABackdatedStart() {
        Instant start = NOW.minus(Duration.ofDays(30));
        Violations v = new Violations();
        NewSubscription command = SubscriptionRequests.create(v, startingAt(start), NOW, Duration.ofDays(35));
        assertThat(v.isEmpty()).isTrue();
        assertThat(command.startTime()).isEqualTo(start);

        Violations tooFar = new Violations();
        SubscriptionRequests.create(tooFar, startingAt(NOW.minus(Duration.ofDays(36))), NOW, Duration.ofDays(35));
        assertThat(tooFar.list().toString()).contains("must not be more than 35 days in the past");
    }

    @Test
    void theLimitIsDescribedInItsLargestWholeUnit() {
        assertThat(SubscriptionRequests.describe(Duration.ofMinutes(5))).isEqualTo("5 minutes");
        assertThat(SubscriptionRequests.describe(Duration.ofDays(1))).isEqualTo("1 day");
        assertThat(SubscriptionRequests.describe(Duration.ofHours(36))).isEqualTo("36 hours");
        assertThat(SubscriptionRequests.describe(Duration.ofSeconds(90))).isEqualTo("90 seconds");
    }

    private static CreateSubscriptionRequest startingAt(Instant start) {
        return CreateSubscriptionRequest.newBuilder()
                .setCustomerId("cus_1")
                .setPlanId("plan_1")
                .setIdempotencyKey("k1")
                .setStartTime(ProtoTime.timestamp(start))
                .build();
    }
}
