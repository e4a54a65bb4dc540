package dev.tally.invoice;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.invoice.v1.ArchivePlanRequest;
import dev.tally.invoice.v1.BalanceFeature;
import dev.tally.invoice.v1.BalancePlan;
import dev.tally.invoice.v1.CreateCustomerRequest;
import dev.tally.invoice.v1.CreatePlanRequest;
import dev.tally.invoice.v1.CreateSubscriptionRequest;
import dev.tally.invoice.v1.CreditPack;
import dev.tally.invoice.v1.CreditsFeature;
import dev.tally.invoice.v1.Customer;
import dev.tally.invoice.v1.MeterType;
import dev.tally.invoice.v1.OverageRounding;
import dev.tally.invoice.v1.Plan;
import dev.tally.invoice.v1.UpdatePlanRequest;
import io.grpc.Status;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * Acceptance 7: bad input gets a clear error naming every bad field, and nothing is stored (no
 * plan, version, feature, subscription, period, invoice, idempotency record or wallet grant).
 * A plan mixing models cannot be written on the wire (the plan's terms are a oneof); what can be
 * sent is a feature priced like another model's (a token feature with a unit price, a units
 * feature with a margin), an event code used twice, or an update to another model.
 */
@QuarkusTest
class BadInputTest extends InvoiceTest {

    @Test
    void aFeaturePricedLikeAnotherModelsAndADuplicatedEventCodeAreRefusedField() {
        String code = unique("mixed");
        Plan.Builder plan = balancePlan(code, "50").toBuilder();
        plan.setBalance(BalancePlan.newBuilder()
                // a token feature is priced by margin: a unit price is another kind's pricing
                .addFeatures(BalanceFeature.newBuilder()
                        .setFeature(feature("ai_chat", MeterType.METER_TYPE_TOKENS))
                        .setMargin("0.2")
                        .setUnitPrice(usd("0.01")))
                // a units feature is priced by unit price: a margin is another kind's pricing
                .addFeatures(BalanceFeature.newBuilder()
                        .setFeature(feature("image", MeterType.METER_TYPE_UNITS))
                        .setMargin("0.2")
                        .setUnitPrice(usd("0.04")))
                // the same event code twice
                .addFeatures(BalanceFeature.newBuilder()
                        .setFeature(feature("ai_chat", MeterType.METER_TYPE_TOKENS))
                        .setMargin("0.1")));
        String key = key();

        Failure failure = failure(() -> invoice.createPlan(CreatePlanRequest.newBuilder()
                .setIdempotencyKey(key)
                .setPlan(plan)
                .build()));

        assertThat(failure.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(failure.reason()).isEqualTo("VALIDATION_FAILED");
        assertThat(failure.fields())
                .containsExactlyInAnyOrder(
                        "plan.balance.features[0].unit_price",
                        "plan.balance.features[1].margin",
                        "plan.balance.features[2].feature.feature_code");
        assertNoPlanStored(code, key);
    }

    @Test
    void aNegativePriceAndAnUnknownCurrencyAreRefusedWithEveryBadField() {
        String code = unique("neg");
        Plan.Builder plan = creditsPlan(code).toBuilder().setBasePrice(usd("-20"));
        plan.getCreditsBuilder()
                .setCreditPacks(
                        0,
                        CreditPack.newBuilder()
                                .setCreditPackCode("pack_500")
                                .setCredits("500")
                                .setPrice(usd("-8")))
                .setFeatures(
                        1,
                        CreditsFeature.newBuilder()
                                .setFeature(feature("text", MeterType.METER_TYPE_UNITS))
                                .setCreditsPerUnit("-2"));
        String key = key();

        Failure negative = failure(() -> invoice.createPlan(CreatePlanRequest.newBuilder()
                .setIdempotencyKey(key)
                .setPlan(plan)
                .build()));
        assertThat(negative.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(negative.fields())
                .containsExactlyInAnyOrder(
                        "plan.base_price.amount",
                        "plan.credits.credit_packs[0].price.amount",
                        "plan.credits.features[1].credits_per_unit");
        assertNoPlanStored(code, key);

        Plan unknownCurrency =
                meteredPlan(code, "29", "50000", "1000", "0.03", OverageRounding.OVERAGE_ROUNDING_PROPORTIONAL)
                        .toBuilder()
                        .setCurrencyCode("XYZ")
                        .build();
        Failure currency = failure(() -> invoice.createPlan(CreatePlanRequest.newBuilder()
                .setIdempotencyKey(key)
                .setPlan(unknownCurrency)
                .build()));
        assertThat(currency.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(currency.fields()).contains("plan.currency_code");
        assertNoPlanStored(code, key);

        String customerId = unique("cus");
        String customerKey = key();
        Failure customer = failure(() -> invoice.createCustomer(CreateCustomerRequest.newBuilder()
                .setIdempotencyKey(customerKey)
                .setCustomer(Customer.newBuilder()
                        .setCustomerId(customerId)
                        .setDisplayName("Acme")
                        .setEmail("billing@acme.test")
                        .setCurrencyCode("XYZ"))
                .build()));
        assertThat(customer.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(customer.fields()).containsExactly("customer.currency_code");
        assertThat(count("SELECT count(*) FROM customer WHERE customer_id = '" + customerId + "'"))
                .isZero();
        assertThat(count("SELECT count(*) FROM idempotency_record WHERE idempotency_key = '" + customerKey + "'"))
                .isZero();
    }

    @Test
    void aPlanCannotChangeItsConsumptionModelByAnUpdate() {
        Plan plan = createPlan(balancePlan(unique("balance"), "50"));
        String key = key();
        Plan credits = creditsPlan(plan.getPlanCode()).toBuilder()
                .setPlanId(plan.getPlanId())
                .build();

        Failure failure = failure(() -> invoice.updatePlan(UpdatePlanRequest.newBuilder()
                .setIdempotencyKey(key)
                .setPlan(credits)
                .build()));

        assertThat(failure.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(failure.fields()).containsExactly("plan.consumption_model");
        assertThat(count("SELECT count(*) FROM plan_version WHERE plan_id = '" + plan.getPlanId() + "'"))
                .isEqualTo(1);
        assertThat(count("SELECT latest_version FROM plan WHERE plan_id = '" + plan.getPlanId() + "'"))
                .isEqualTo(1);
        assertThat(count("SELECT count(*) FROM idempotency_record WHERE idempotency_key = '" + key + "'"))
                .isZero();
    }

    @Test
    void aSubscriptionToAnArchivedPlanVersionIsRefusedAndNothingIsStored() {
        Plan plan = createPlan(creditsPlan(unique("credits")));
        invoice.archivePlan(ArchivePlanRequest.newBuilder()
                .setIdempotencyKey(key())
                .setPlanId(plan.getPlanId())
                .build());
        String customer = createCustomer();
        String key = key();

        Failure failure = failure(() -> invoice.createSubscription(CreateSubscriptionRequest.newBuilder()
                .setIdempotencyKey(key)
                .setCustomerId(customer)
                .setPlanId(plan.getPlanId())
                .setPlanVersion(1)
                .build()));

        assertThat(failure.code()).isEqualTo(Status.Code.FAILED_PRECONDITION);
        assertThat(failure.reason()).isEqualTo("INVALID_STATE");
        assertThat(failure.message()).contains("archived");
        assertNothingStoredFor(customer, key);
    }

    @Test
    void aSubscriptionInAnotherCurrencyOrWithBadFieldsIsRefusedAndNothingIsStored() {
        Plan plan = createPlan(balancePlan(unique("balance"), "50"));
        String customer = unique("cus");
        invoice.createCustomer(CreateCustomerRequest.newBuilder()
                .setIdempotencyKey(key())
                .setCustomer(Customer.newBuilder()
                        .setCustomerId(customer)
                        .setDisplayName("Acme EU")
                        .setEmail("billing@acme.test")
                        .setCurrencyCode("EUR"))
                .build());
        String key = key();

        Failure currency = failure(() -> invoice.createSubscription(CreateSubscriptionRequest.newBuilder()
                .setIdempotencyKey(key)
                .setCustomerId(customer)
                .setPlanId(plan.getPlanId())
                .build()));
        assertThat(currency.code()).isEqualTo(Status.Code.FAILED_PRECONDITION);
        assertThat(currency.reason()).isEqualTo("CURRENCY_MISMATCH");
        assertNothingStoredFor(customer, key);

        Failure fields = failure(() -> invoice.createSubscription(CreateSubscriptionRequest.newBuilder()
                .setIdempotencyKey(key)
                .setCustomerId(customer)
                .setPlanId("")
                .setPlanVersion(-1)
                .setStartTime(com.google.protobuf.Timestamp.newBuilder().setSeconds(MARCH_1.getEpochSecond() - 3600))
                .build()));
        assertThat(fields.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(fields.fields()).containsExactlyInAnyOrder("plan_id", "plan_version", "start_time");
        assertNothingStoredFor(customer, key);
    }

    private void assertNoPlanStored(String planCode, String key) {
        assertThat(count("SELECT count(*) FROM plan WHERE plan_code = '" + planCode + "'"))
                .isZero();
        assertThat(count("SELECT count(*) FROM plan_version v JOIN plan p USING (plan_id) WHERE p.plan_code = '"
                        + planCode + "'"))
                .isZero();
        assertThat(count("SELECT count(*) FROM idempotency_record WHERE idempotency_key = '" + key + "'"))
                .isZero();
    }

    private void assertNothingStoredFor(String customer, String key) {
        for (String table : new String[] {"subscription", "billing_period", "invoice", "purchase"}) {
            assertThat(count("SELECT count(*) FROM " + table + " WHERE customer_id = '" + customer + "'"))
                    .as(table)
                    .isZero();
        }
        assertThat(count("SELECT count(*) FROM idempotency_record WHERE idempotency_key = '" + key + "'"))
                .isZero();
        assertThat(wallet.applied("GrantCredits", customer)).isEmpty();
    }
}
