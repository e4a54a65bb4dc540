package dev.tally.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.tally.testing.PostgresResource;
import dev.tally.testing.TestDatabase;
import dev.tally.testing.Waits;
import dev.tally.usage.support.Doubles;
import dev.tally.usage.support.Plans;
import dev.tally.usage.v1.DebitStatus;
import dev.tally.usage.v1.GetUsageRequest;
import dev.tally.usage.v1.GetUsageResponse;
import dev.tally.usage.v1.ListEventsRequest;
import dev.tally.usage.v1.TrackResponse;
import dev.tally.usage.v1.UsageEvent;
import dev.tally.wallet.v1.DebitRequest;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** The outbox: wallet down → accepted and PENDING, delivered when it is back; a permanent refusal → FAILED, surfaced. */
@QuarkusTest
class OutboxTest extends UsageTest {

    @Test
    void eventsAreAcceptedWhileTheWalletIsDownAndDebitedOnceWhenItIsBack() {
        String c = customer(Plans.credits());
        Doubles.WALLET.grant(c, "CREDITS", "1000");
        Doubles.WALLET.setDown(true);
        TrackResponse r = null;
        for (int i = 0; i < 20; i++) {
            r = usage.track(units(c, "image", "1", key()));
            assertThat(r.getDebitStatus()).isEqualTo(DebitStatus.DEBIT_STATUS_PENDING);
        }
        GetUsageResponse pending =
                usage.getUsage(GetUsageRequest.newBuilder().setCustomerId(c).build());
        assertThat(pending.getPendingDebitCount()).isEqualTo(20);
        assertThat(sql("SELECT count(*) FROM wallet_outbox WHERE customer_id = '" + c + "'"))
                .isEqualTo(20);
        // the row holds the exact DebitRequest to send: the event id as key and reference, the event's time
        DebitRequest stored = storedDebit(r.getEventId());
        assertThat(stored.getIdempotencyKey()).isEqualTo(r.getEventId());
        assertThat(stored.getReference()).isEqualTo(r.getEventId());
        assertThat(stored.getOccurredTime()).isEqualTo(r.getOccurredTime());
        assertThat(stored.getAmount().getAmount()).isEqualTo("10");
        Doubles.WALLET.setDown(false);
        await("the outbox to drain")
                .atMost(Waits.PATIENTLY)
                .until(() -> sql("SELECT count(*) FROM wallet_outbox WHERE customer_id = '" + c + "'") == 0);
        assertThat(Doubles.WALLET.debitCount(c)).isEqualTo(20);
        assertThat(Doubles.WALLET.debitRequest(c, r.getEventId()))
                .as("the wallet received the stored bytes")
                .isEqualTo(stored);
        // 1000 − 20 × 10 = 800, each debit once
        assertThat(Doubles.WALLET.available(c, "CREDITS")).isEqualByComparingTo("800");
        assertThat(usage.getUsage(GetUsageRequest.newBuilder().setCustomerId(c).build())
                        .getPendingDebitCount())
                .isZero();
        assertThat(usage.track(units(c, "image", "1", key())).getDebitStatus())
                .isEqualTo(DebitStatus.DEBIT_STATUS_APPLIED);
    }

    @Test
    void aPermanentRefusalIsRecordedAsFailedAndNotRetried() {
        String c = customer(Plans.credits());
        Doubles.WALLET.refuse(c);
        TrackResponse r = usage.track(units(c, "image", "1", key()));
        assertThat(r.getDebitStatus()).isEqualTo(DebitStatus.DEBIT_STATUS_FAILED);
        UsageEvent listed = usage.listEvents(
                        ListEventsRequest.newBuilder().setCustomerId(c).build())
                .getEvents(0);
        assertThat(listed.getDebitStatus()).isEqualTo(DebitStatus.DEBIT_STATUS_FAILED);
        assertThat(listed.getDebitError().getCode()).isEqualTo(3);
        assertThat(usage.getUsage(GetUsageRequest.newBuilder().setCustomerId(c).build())
                        .getFailedDebitCount())
                .isEqualTo(1);
        assertThat(sql("SELECT count(*) FROM wallet_outbox WHERE customer_id = '" + c + "'"))
                .isZero();
        RestAssured.given()
                .baseUri("http://localhost:" + serviceUrl.getPort())
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .body(
                        containsString("tally_usage_outbox_failures_total"),
                        containsString("tally_usage_outbox_depth"),
                        containsString("tally_usage_outbox_oldest_age_seconds"));
    }

    private static DebitRequest storedDebit(String eventId) {
        try (Connection c = TestDatabase.get().connect(PostgresResource.currentDatabase());
                PreparedStatement s =
                        c.prepareStatement("SELECT request FROM wallet_outbox WHERE event_id = ?::uuid")) {
            s.setString(1, eventId);
            try (ResultSet rows = s.executeQuery()) {
                assertThat(rows.next()).isTrue();
                return DebitRequest.parseFrom(rows.getBytes(1));
            }
        } catch (SQLException | InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }
}
