package dev.tally.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tally.testing.Waits;
import dev.tally.usage.support.Doubles;
import dev.tally.usage.support.InvoiceDouble;
import dev.tally.usage.support.Plans;
import dev.tally.usage.v1.TrackBatchRequest;
import dev.tally.usage.v1.TrackBatchResponse;
import dev.tally.usage.v1.TrackResponse;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The entitlements cache: a cold TrackBatch over 1,000 customers asks invoice-service once (the batch
 * form), answers are reused until WatchEntitlementChanges reports a change, and a plan change then
 * takes effect on the next events.
 */
@QuarkusTest
class EntitlementsTest extends UsageTest {

    @Test
    void aColdBatchOverAThousandCustomersIsOneEntitlementsCall() {
        List<String> customers = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            customers.add(customer(Plans.credits()));
        }
        TrackBatchRequest.Builder batch = TrackBatchRequest.newBuilder();
        customers.forEach(c -> batch.addRequests(units(c, "image", "1", key())));
        int callsBefore = Doubles.INVOICE.batchCalls.get();

        TrackBatchResponse response = usage.trackBatch(batch.build());

        assertThat(response.getResultsList())
                .allSatisfy(r -> assertThat(r.hasResponse()).as("%s", r).isTrue());
        assertThat(Doubles.INVOICE.batchCalls.get() - callsBefore)
                .as("BatchGetCustomerEntitlements calls")
                .isEqualTo(1);
    }

    @Test
    void aPlanChangeTakesEffectOnceReportedAndNotBefore() {
        String c = customer(Plans.credits());
        assertThat(usage.track(units(c, "image", "1", key())).getCharge().hasCredits())
                .isTrue();
        int lookups = Doubles.INVOICE.lookups.get();
        assertThat(usage.track(units(c, "image", "1", key()))
                        .getCharge()
                        .getCredits()
                        .getAmount()
                        .getAmount())
                .isEqualTo("10");
        assertThat(Doubles.INVOICE.lookups.get())
                .as("the second event uses the cached plan")
                .isEqualTo(lookups);

        // the customer moves to a BALANCE plan: invoice-service reports the change on its stream
        Instant now = Instant.now();
        Doubles.INVOICE.subscribe(
                c,
                new InvoiceDouble.PeriodTerms(
                        Plans.balance(),
                        now.minus(Duration.ofDays(1)),
                        now.plus(Duration.ofDays(29)),
                        now.plus(Duration.ofDays(32)),
                        false));
        await("the new plan (with voice_seconds) to apply")
                .atMost(Waits.PATIENTLY)
                .until(() -> tracksVoiceSeconds(c));
        TrackResponse balance = usage.track(units(c, "voice_seconds", "4", key()));
        assertThat(balance.getCharge().getBalance().getAmount().getAmount()).isEqualTo("1");
    }

    /** Whether a voice_seconds event (only on the BALANCE plan) is accepted; a refusal stores nothing. */
    private boolean tracksVoiceSeconds(String customer) {
        try {
            usage.track(units(customer, "voice_seconds", "1", key()));
            return true;
        } catch (StatusRuntimeException notOnPlan) {
            assertThat(reason(notOnPlan)).isEqualTo("FEATURE_NOT_ON_PLAN");
            return false;
        }
    }
}
