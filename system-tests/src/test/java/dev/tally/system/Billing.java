package dev.tally.system;

import com.google.protobuf.Timestamp;
import dev.tally.common.v1.Money;
import dev.tally.invoice.v1.BalanceFeature;
import dev.tally.invoice.v1.BalancePlan;
import dev.tally.invoice.v1.BillingInterval;
import dev.tally.invoice.v1.CreateCustomerRequest;
import dev.tally.invoice.v1.CreatePlanRequest;
import dev.tally.invoice.v1.CreateSubscriptionRequest;
import dev.tally.invoice.v1.CreditPack;
import dev.tally.invoice.v1.CreditsFeature;
import dev.tally.invoice.v1.CreditsPlan;
import dev.tally.invoice.v1.Customer;
import dev.tally.invoice.v1.MeterType;
import dev.tally.invoice.v1.MeteredFeature;
import dev.tally.invoice.v1.MeteredPlan;
import dev.tally.invoice.v1.OveragePolicy;
import dev.tally.invoice.v1.OverageRounding;
import dev.tally.invoice.v1.Plan;
import dev.tally.invoice.v1.PlanFeature;
import dev.tally.invoice.v1.Subscription;
import dev.tally.wallet.v1.Balance;
import dev.tally.wallet.v1.BalanceView;
import dev.tally.wallet.v1.GetBalanceRequest;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Plans, customers and subscriptions through invoice-service, as a product team sets them up: the
 * plans of the invoice-service acceptance examples. Calls alternate between the replicas.
 */
final class Billing {

    static final String TOKENS = "ai_chat";
    static final String CALLS = "api_call";
    static final String FREE = "free_lookup";
    /** A BALANCE feature whose overage policy is BLOCK: Check refuses what the balance does not cover. */
    static final String GUARDED = "guarded_call";

    private final SystemClients clients;
    private final AtomicInteger turn = new AtomicInteger();

    Billing(SystemClients clients) {
        this.clients = clients;
    }

    /** The next replica to call, alternating A, B, A, ... */
    int next() {
        return turn.getAndIncrement() % SystemUnderTest.REPLICAS;
    }

    /** {@link #balancePlan(String, BillingInterval)} a month. */
    Plan balancePlan(String base) {
        return balancePlan(base, BillingInterval.BILLING_INTERVAL_MONTH);
    }

    /**
     * BALANCE: {@code base} USD an interval; {@value #TOKENS} (tokens) at catalog cost × 1.20;
     * {@value #CALLS} (units) at 0.0125 USD; {@value #FREE} (units) at 0 USD; {@value #GUARDED}
     * (units) at 0.0125 USD with overage policy BLOCK (the others ALLOW).
     */
    Plan balancePlan(String base, BillingInterval interval) {
        return create(plan("balance", base, interval)
                .setBalance(BalancePlan.newBuilder()
                        .addFeatures(BalanceFeature.newBuilder()
                                .setFeature(feature(TOKENS, MeterType.METER_TYPE_TOKENS))
                                .setMargin("0.20"))
                        .addFeatures(BalanceFeature.newBuilder()
                                .setFeature(feature(CALLS, MeterType.METER_TYPE_UNITS))
                                .setUnitPrice(usd("0.0125")))
                        .addFeatures(BalanceFeature.newBuilder()
                                .setFeature(feature(FREE, MeterType.METER_TYPE_UNITS))
                                .setUnitPrice(usd("0")))
                        .addFeatures(BalanceFeature.newBuilder()
                                .setFeature(feature(GUARDED, MeterType.METER_TYPE_UNITS).toBuilder()
                                        .setOveragePolicy(OveragePolicy.OVERAGE_POLICY_BLOCK))
                                .setUnitPrice(usd("0.0125")))));
    }

    /** METERED, the brief's Starter: $29 including 50,000 tokens of {@value #TOKENS}, $0.03 per 1,000 more. */
    Plan starterPlan(BillingInterval interval) {
        return create(plan("starter", "29", interval)
                .setMetered(MeteredPlan.newBuilder()
                        .addFeatures(MeteredFeature.newBuilder()
                                .setFeature(feature(TOKENS, MeterType.METER_TYPE_TOKENS))
                                .setIncludedUnits("50000")
                                .setOverageBlockSizeUnits("1000")
                                .setOveragePricePerBlock(usd("0.03"))
                                .setOverageRounding(OverageRounding.OVERAGE_ROUNDING_PROPORTIONAL))));
    }

    /** CREDITS, the brief's: $20 with 1,000 credits a period; image 10, text 2, voice 25; pack_500 at $8. */
    Plan creditsPlan(BillingInterval interval) {
        return create(plan("credits", "20", interval)
                .setCredits(CreditsPlan.newBuilder()
                        .setCreditsPerPeriod("1000")
                        .setOveragePricePerCredit(usd("0.02"))
                        .addCreditPacks(CreditPack.newBuilder()
                                .setCreditPackCode("pack_500")
                                .setDisplayName("500 credits")
                                .setCredits("500")
                                .setPrice(usd("8")))
                        .addFeatures(CreditsFeature.newBuilder()
                                .setFeature(feature("image", MeterType.METER_TYPE_UNITS))
                                .setCreditsPerUnit("10"))
                        .addFeatures(CreditsFeature.newBuilder()
                                .setFeature(feature("text", MeterType.METER_TYPE_UNITS))
                                .setCreditsPerUnit("2"))
                        .addFeatures(CreditsFeature.newBuilder()
                                .setFeature(feature("voice", MeterType.METER_TYPE_UNITS))
                                .setCreditsPerUnit("25"))));
    }

    String customer() {
        String id = unique("cus");
        clients.invoice(next())
                .createCustomer(CreateCustomerRequest.newBuilder()
                        .setIdempotencyKey(key())
                        .setCustomer(Customer.newBuilder()
                                .setCustomerId(id)
                                .setDisplayName("Acme " + id)
                                .setEmail("billing@acme.test")
                                .setCurrencyCode("USD"))
                        .build());
        return id;
    }

    /** A new customer subscribed now to {@code plan}. */
    String subscribedCustomer(Plan plan) {
        String customer = customer();
        subscribe(customer, plan, null);
        return customer;
    }

    /** Subscribes from {@code start} (null = now). */
    Subscription subscribe(String customer, Plan plan, Instant start) {
        CreateSubscriptionRequest.Builder request = CreateSubscriptionRequest.newBuilder()
                .setIdempotencyKey(key())
                .setCustomerId(customer)
                .setPlanId(plan.getPlanId());
        if (start != null) {
            request.setStartTime(timestamp(start));
        }
        return clients.invoice(next()).createSubscription(request.build()).getSubscription();
    }

    /**
     * The interval for a period 0 that ends at {@code end} when it starts one interval before:
     * a month, unless {@code end}'s day of month does not exist in the month before (then a year).
     */
    static BillingInterval intervalEndingAt(Instant end) {
        ZonedDateTime e = end.atZone(ZoneOffset.UTC);
        return e.minusMonths(1).plusMonths(1).equals(e)
                ? BillingInterval.BILLING_INTERVAL_MONTH
                : BillingInterval.BILLING_INTERVAL_YEAR;
    }

    static Instant oneIntervalBefore(Instant end, BillingInterval interval) {
        ZonedDateTime e = end.atZone(ZoneOffset.UTC);
        return (interval == BillingInterval.BILLING_INTERVAL_MONTH ? e.minusMonths(1) : e.minusYears(1)).toInstant();
    }

    /** The customer's wallet in one unit (USD or CREDITS), with its grants. */
    Balance balance(String customer, String unit) {
        return clients.wallet(next())
                .getBalance(GetBalanceRequest.newBuilder()
                        .setCustomerId(customer)
                        .setCurrencyCode(unit)
                        .setView(BalanceView.BALANCE_VIEW_FULL)
                        .build())
                .getBalances(0);
    }

    private Plan create(Plan.Builder plan) {
        return clients.invoice(next())
                .createPlan(CreatePlanRequest.newBuilder()
                        .setIdempotencyKey(key())
                        .setPlan(plan)
                        .build())
                .getPlan();
    }

    private static Plan.Builder plan(String kind, String base, BillingInterval interval) {
        String code = unique(kind);
        return Plan.newBuilder()
                .setPlanCode(code)
                .setDisplayName(code)
                .setCurrencyCode("USD")
                .setBasePrice(usd(base))
                .setBillingInterval(interval);
    }

    private static PlanFeature feature(String code, MeterType type) {
        return PlanFeature.newBuilder()
                .setFeatureCode(code)
                .setDisplayName(code)
                .setMeterType(type)
                .build();
    }

    static Money usd(String amount) {
        return Money.newBuilder().setAmount(amount).setCurrencyCode("USD").build();
    }

    static BigDecimal amount(Money money) {
        return new BigDecimal(money.getAmount());
    }

    static Timestamp timestamp(Instant t) {
        return Timestamp.newBuilder()
                .setSeconds(t.getEpochSecond())
                .setNanos(t.getNano())
                .build();
    }

    static Instant instant(Timestamp t) {
        return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
    }

    static String unique(String prefix) {
        return prefix + "_" + UUID.randomUUID().toString().substring(0, 8);
    }

    static String key() {
        return UUID.randomUUID().toString();
    }
}
