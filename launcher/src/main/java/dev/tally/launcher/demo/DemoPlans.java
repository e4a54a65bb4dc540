package dev.tally.launcher.demo;

import dev.tally.common.v1.Money;
import dev.tally.invoice.v1.BalanceFeature;
import dev.tally.invoice.v1.BalancePlan;
import dev.tally.invoice.v1.BillingInterval;
import dev.tally.invoice.v1.CreditPack;
import dev.tally.invoice.v1.CreditsFeature;
import dev.tally.invoice.v1.CreditsPlan;
import dev.tally.invoice.v1.MeterType;
import dev.tally.invoice.v1.MeteredFeature;
import dev.tally.invoice.v1.MeteredPlan;
import dev.tally.invoice.v1.OverageRounding;
import dev.tally.invoice.v1.Plan;
import dev.tally.invoice.v1.PlanFeature;
import java.util.List;

/**
 * The demo plans and customers: the plans of invoice-service's acceptance examples (its README,
 * "Invoice lines and the rounding rule" and the RealWalletIT examples), one customer per consumption
 * model plus one on the $0-base plan.
 */
public final class DemoPlans {

    /** A demo customer: its id, the plan code it subscribes to, and what it gets on top. */
    public record DemoCustomer(String customerId, String displayName, String planCode, String extra) {}

    public static final String STARTER = "starter";
    public static final String PRO = "pro";
    public static final String CREDITS = "credits";
    public static final String BALANCE = "balance";
    public static final String PAYG = "payg";

    /** The credit pack the CREDITS customer buys once. */
    public static final String PACK = "pack_500";
    /** The top-up the BALANCE customer makes once, in USD. */
    public static final String TOP_UP_USD = "25";

    public static final List<DemoCustomer> CUSTOMERS = List.of(
            new DemoCustomer("demo-metered", "Demo Metered Inc.", STARTER, ""),
            new DemoCustomer("demo-credits", "Demo Credits Inc.", CREDITS, "bought " + PACK),
            new DemoCustomer("demo-balance", "Demo Balance Inc.", BALANCE, "topped up $" + TOP_UP_USD),
            new DemoCustomer("demo-payg", "Demo Pay-as-you-go Inc.", PAYG, "usage invoiced at period end"));

    private DemoPlans() {}

    public static List<Plan> plans() {
        return List.of(
                metered(STARTER, "Starter", "29", "50000", "1000", "0.03"),
                metered(PRO, "Pro", "49", "100000", "1000", "0.02"),
                credits(),
                balance(BALANCE, "Balance", "50"),
                balance(PAYG, "Pay as you go", "0"));
    }

    /** "$base/month including {included} chat tokens, then {price} per {block} tokens". */
    static Plan metered(String code, String name, String base, String included, String block, String price) {
        return plan(code, name, base)
                .setMetered(MeteredPlan.newBuilder()
                        .addFeatures(MeteredFeature.newBuilder()
                                .setFeature(feature("chat_tokens", "Chat tokens", MeterType.METER_TYPE_TOKENS))
                                .setIncludedUnits(included)
                                .setOverageBlockSizeUnits(block)
                                .setOveragePricePerBlock(usd(price))
                                .setOverageRounding(OverageRounding.OVERAGE_ROUNDING_PROPORTIONAL)))
                .build();
    }

    /** $20/month with 1,000 credits; image 10, text 2, voice 25 credits; a 500-credit pack for $8. */
    static Plan credits() {
        return plan(CREDITS, "Credits", "20")
                .setCredits(CreditsPlan.newBuilder()
                        .setCreditsPerPeriod("1000")
                        .setOveragePricePerCredit(usd("0.02"))
                        .addCreditPacks(CreditPack.newBuilder()
                                .setCreditPackCode(PACK)
                                .setDisplayName("500 credits")
                                .setCredits("500")
                                .setPrice(usd("8")))
                        .addFeatures(creditsFeature("image", "Images", "10"))
                        .addFeatures(creditsFeature("text", "Texts", "2"))
                        .addFeatures(creditsFeature("voice", "Voice minutes", "25")))
                .build();
    }

    /** ${base}/month granted as the period's balance; ai_chat tokens at catalog cost + 20 %. */
    static Plan balance(String code, String name, String base) {
        return plan(code, name, base)
                .setBalance(BalancePlan.newBuilder()
                        .addFeatures(BalanceFeature.newBuilder()
                                .setFeature(feature("ai_chat", "AI chat tokens", MeterType.METER_TYPE_TOKENS))
                                .setMargin("0.20")))
                .build();
    }

    private static Plan.Builder plan(String code, String name, String base) {
        return Plan.newBuilder()
                .setPlanCode(code)
                .setDisplayName(name)
                .setCurrencyCode("USD")
                .setBasePrice(usd(base))
                .setBillingInterval(BillingInterval.BILLING_INTERVAL_MONTH);
    }

    private static CreditsFeature creditsFeature(String code, String name, String creditsPerUnit) {
        return CreditsFeature.newBuilder()
                .setFeature(feature(code, name, MeterType.METER_TYPE_UNITS))
                .setCreditsPerUnit(creditsPerUnit)
                .build();
    }

    private static PlanFeature feature(String code, String name, MeterType meter) {
        return PlanFeature.newBuilder()
                .setFeatureCode(code)
                .setDisplayName(name)
                .setDisplayUnit(meter == MeterType.METER_TYPE_TOKENS ? "token" : code)
                .setMeterType(meter)
                .build();
    }

    static Money usd(String amount) {
        return Money.newBuilder().setAmount(amount).setCurrencyCode("USD").build();
    }
}
