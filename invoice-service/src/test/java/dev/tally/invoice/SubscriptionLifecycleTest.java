package dev.tally.invoice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tally.invoice.v1.ArchivePlanRequest;
import dev.tally.invoice.v1.BatchGetCustomerEntitlementsRequest;
import dev.tally.invoice.v1.CancelSubscriptionRequest;
import dev.tally.invoice.v1.CancelSubscriptionResponse;
import dev.tally.invoice.v1.CustomerEntitlementsResult;
import dev.tally.invoice.v1.GetCustomerEntitlementsRequest;
import dev.tally.invoice.v1.GetCustomerEntitlementsResponse;
import dev.tally.invoice.v1.GetPlanRequest;
import dev.tally.invoice.v1.GetSubscriptionRequest;
import dev.tally.invoice.v1.InvoiceServiceGrpc;
import dev.tally.invoice.v1.InvoiceStatus;
import dev.tally.invoice.v1.OverageRounding;
import dev.tally.invoice.v1.Plan;
import dev.tally.invoice.v1.PlanStatus;
import dev.tally.invoice.v1.PurchaseCreditPackRequest;
import dev.tally.invoice.v1.Subscription;
import dev.tally.invoice.v1.SubscriptionStatus;
import dev.tally.invoice.v1.UpdatePlanRequest;
import dev.tally.invoice.v1.UpdateSubscriptionRequest;
import dev.tally.invoice.v1.UpdateSubscriptionResponse;
import dev.tally.invoice.v1.WatchEntitlementChangesRequest;
import dev.tally.invoice.v1.WatchEntitlementChangesResponse;
import dev.tally.testing.Waits;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Plans, subscriptions and entitlements through their lifecycle: versions (a subscription stays on
 * its version), archiving, cancel and plan change at period end by default or now when asked, a
 * change of consumption model that keeps packs and says so, and the entitlements usage-service reads
 * (single, batch, and the change stream).
 */
@QuarkusTest
class SubscriptionLifecycleTest extends InvoiceTest {

    private static final Instant APRIL_1 = Instant.parse("2026-04-01T00:00:00Z");

    @Test
    void editingAPlanMakesAVersionAndSubscriptionsStayOnTheirsUntilMoved() {
        Plan v1 = createPlan(starter(unique("starter"), "29"));
        String customer = createCustomer();
        Subscription sub = subscribe(customer, v1).getSubscription();

        Plan v2 = invoice.updatePlan(UpdatePlanRequest.newBuilder()
                        .setIdempotencyKey(key())
                        .setPlan(starter(v1.getPlanCode(), "39").toBuilder().setPlanId(v1.getPlanId()))
                        .build())
                .getPlan();
        assertThat(v2.getPlanVersion()).isEqualTo(2);
        assertThat(invoice.getPlan(GetPlanRequest.newBuilder()
                                .setPlanId(v1.getPlanId())
                                .setPlanVersion(1)
                                .build())
                        .getPlan()
                        .getBasePrice()
                        .getAmount())
                .isEqualTo("29.00"); // at the currency's scale

        // archived: no new subscriptions, but the existing one renews on its version 1
        Plan archived = invoice.archivePlan(ArchivePlanRequest.newBuilder()
                        .setIdempotencyKey(key())
                        .setPlanId(v1.getPlanId())
                        .build())
                .getPlan();
        assertThat(archived.getStatus()).isEqualTo(PlanStatus.PLAN_STATUS_ARCHIVED);
        clock.set(APRIL_1);
        runJob();
        Subscription renewed = get(sub);
        assertThat(renewed.getPlanVersion()).isEqualTo(1);
        assertThat(renewed.getCurrentPeriod().getStartTime().getSeconds()).isEqualTo(APRIL_1.getEpochSecond());
    }

    @Test
    void cancelDefaultsToThePeriodEndAndImmediateIsExplicit() {
        Plan plan = createPlan(starter(unique("starter"), "29"));
        String atEnd = createCustomer();
        Subscription first = subscribe(atEnd, plan).getSubscription();
        String now = createCustomer();
        Subscription second = subscribe(now, plan).getSubscription();
        clock.set(Instant.parse("2026-03-10T00:00:00Z"));

        CancelSubscriptionResponse later = invoice.cancelSubscription(CancelSubscriptionRequest.newBuilder()
                .setIdempotencyKey(key())
                .setSubscriptionId(first.getSubscriptionId())
                .build());
        assertThat(later.getSubscription().getStatus()).isEqualTo(SubscriptionStatus.SUBSCRIPTION_STATUS_ACTIVE);
        assertThat(later.getSubscription().getCancelAtPeriodEnd()).isTrue();
        assertThat(later.getSubscription().getEndTime().getSeconds()).isEqualTo(APRIL_1.getEpochSecond());
        assertThat(later.hasClosingInvoice()).isFalse();

        CancelSubscriptionResponse immediate = invoice.cancelSubscription(CancelSubscriptionRequest.newBuilder()
                .setIdempotencyKey(key())
                .setSubscriptionId(second.getSubscriptionId())
                .setCancelImmediately(true)
                .build());
        assertThat(immediate.getSubscription().getStatus()).isEqualTo(SubscriptionStatus.SUBSCRIPTION_STATUS_CANCELED);
        assertThat(immediate.getSubscription().getEndTime().getSeconds())
                .isEqualTo(clock.instant().getEpochSecond());
        // its closing invoice waits for the period's grace (late usage), then bills the usage only
        assertThat(immediate.getClosingInvoice().getStatus()).isEqualTo(InvoiceStatus.INVOICE_STATUS_DRAFT);

        clock.set(APRIL_1.plus(Duration.ofHours(1)));
        runJob();
        runJob();
        assertThat(get(first).getStatus()).isEqualTo(SubscriptionStatus.SUBSCRIPTION_STATUS_CANCELED);
        for (String customer : List.of(atEnd, now)) {
            assertThat(failure(() -> invoice.getCustomerEntitlements(GetCustomerEntitlementsRequest.newBuilder()
                                    .setCustomerId(customer)
                                    .build()))
                            .reason())
                    .isEqualTo("NO_ACTIVE_SUBSCRIPTION");
        }
    }

    @Test
    void aPlanChangeDefaultsToThePeriodEnd() {
        Plan starter = createPlan(starter(unique("starter"), "29"));
        Plan pro = createPlan(starter(unique("pro"), "99"));
        String customer = createCustomer();
        Subscription sub = subscribe(customer, starter).getSubscription();

        UpdateSubscriptionResponse changed = invoice.updateSubscription(UpdateSubscriptionRequest.newBuilder()
                .setIdempotencyKey(key())
                .setSubscriptionId(sub.getSubscriptionId())
                .setPlanId(pro.getPlanId())
                .build());
        assertThat(changed.getSubscription().getPlanId()).isEqualTo(starter.getPlanId());
        assertThat(changed.getSubscription().getScheduledPlanId()).isEqualTo(pro.getPlanId());
        assertThat(changed.getKeptWalletBalancesList()).isEmpty();

        clock.set(APRIL_1);
        runJob();
        assertThat(get(sub).getPlanId()).isEqualTo(pro.getPlanId());
        GetCustomerEntitlementsResponse april = entitlements(customer);
        assertThat(april.getPlan().getPlanId()).isEqualTo(pro.getPlanId());
    }

    @Test
    void aChangeOfConsumptionModelKeepsPackCreditsAndSaysSo() {
        Plan credits = createPlan(creditsPlan(unique("credits")));
        Plan balance = createPlan(balancePlan(unique("balance"), "50"));
        String customer = createCustomer();
        Subscription sub = subscribe(customer, credits).getSubscription();
        invoice.purchaseCreditPack(PurchaseCreditPackRequest.newBuilder()
                .setIdempotencyKey(key())
                .setCustomerId(customer)
                .setCreditPackCode("pack_500")
                .build());

        UpdateSubscriptionResponse changed = invoice.updateSubscription(UpdateSubscriptionRequest.newBuilder()
                .setIdempotencyKey(key())
                .setSubscriptionId(sub.getSubscriptionId())
                .setPlanId(balance.getPlanId())
                .build());

        assertThat(changed.getKeptWalletBalancesList()).singleElement().satisfies(kept -> {
            assertThat(kept.getAmount()).isEqualTo("500");
            assertThat(kept.getCurrencyCode()).isEqualTo("CREDITS");
        });
    }

    @Test
    void entitlementsSingleBatchAndChanges() throws Exception {
        Plan plan = createPlan(starter(unique("starter"), "29"));
        String customer = createCustomer();
        List<WatchEntitlementChangesResponse> changes = new CopyOnWriteArrayList<>();
        Context.CancellableContext watch = Context.current().withCancellation();
        watch.run(() -> InvoiceServiceGrpc.newStub(channel)
                .watchEntitlementChanges(
                        WatchEntitlementChangesRequest.newBuilder()
                                .addCustomerIds(customer)
                                .build(),
                        collect(changes)));
        try {
            Subscription sub = subscribe(customer, plan).getSubscription();

            GetCustomerEntitlementsResponse now = entitlements(customer);
            assertThat(now.getSubscription().getSubscriptionId()).isEqualTo(sub.getSubscriptionId());
            assertThat(now.getPlan().getPlanVersion()).isEqualTo(1);
            assertThat(now.getPlan().getMetered().getFeatures(0).getFeature().getFeatureCode())
                    .isEqualTo("chat_tokens");
            assertThat(now.getPeriod().getStartTime().getSeconds()).isEqualTo(MARCH_1.getEpochSecond());
            assertThat(now.getPeriod().getEndTime().getSeconds()).isEqualTo(APRIL_1.getEpochSecond());
            assertThat(now.getGraceEndTime().getSeconds())
                    .isEqualTo(APRIL_1.plus(Duration.ofHours(1)).getEpochSecond());
            assertThat(now.getPeriodClosed()).isFalse();

            List<CustomerEntitlementsResult> batch = invoice.batchGetCustomerEntitlements(
                            BatchGetCustomerEntitlementsRequest.newBuilder()
                                    .addRequests(GetCustomerEntitlementsRequest.newBuilder()
                                            .setCustomerId(customer))
                                    .addRequests(GetCustomerEntitlementsRequest.newBuilder()
                                            .setCustomerId(unique("nobody")))
                                    .build())
                    .getResultsList();
            assertThat(batch.get(0).getEntitlements()).isEqualTo(now);
            assertThat(batch.get(1).getError().getCode()).isEqualTo(Status.Code.NOT_FOUND.value());

            // the watch is live once it has seen a change (a plan change to the same plan announces one)
            await("a change announced")
                    .atMost(Waits.PATIENTLY)
                    .until(() -> !changes.isEmpty()
                            || invoice.updateSubscription(UpdateSubscriptionRequest.newBuilder()
                                            .setIdempotencyKey(key())
                                            .setSubscriptionId(sub.getSubscriptionId())
                                            .setPlanId(plan.getPlanId())
                                            .build())
                                    == null);
            int before = changes.size();
            invoice.cancelSubscription(CancelSubscriptionRequest.newBuilder()
                    .setIdempotencyKey(key())
                    .setSubscriptionId(sub.getSubscriptionId())
                    .build());
            await("the cancellation announced").atMost(Waits.PATIENTLY).until(() -> changes.size() > before);
            assertThat(changes)
                    .allMatch(c -> c.getCustomerId().equals(customer)
                            && c.getSubscriptionId().equals(sub.getSubscriptionId()));
        } finally {
            watch.cancel(null);
        }
    }

    private static Plan starter(String code, String base) {
        return meteredPlan(code, base, "50000", "1000", "0.03", OverageRounding.OVERAGE_ROUNDING_PROPORTIONAL);
    }

    private Subscription get(Subscription sub) {
        return invoice.getSubscription(GetSubscriptionRequest.newBuilder()
                        .setSubscriptionId(sub.getSubscriptionId())
                        .build())
                .getSubscription();
    }

    private GetCustomerEntitlementsResponse entitlements(String customer) {
        return invoice.getCustomerEntitlements(GetCustomerEntitlementsRequest.newBuilder()
                .setCustomerId(customer)
                .build());
    }

    private static StreamObserver<WatchEntitlementChangesResponse> collect(List<WatchEntitlementChangesResponse> into) {
        return new StreamObserver<>() {
            @Override
            public void onNext(WatchEntitlementChangesResponse value) {
                into.add(value);
            }

            @Override
            public void onError(Throwable t) {}

            @Override
            public void onCompleted() {}
        };
    }
}
