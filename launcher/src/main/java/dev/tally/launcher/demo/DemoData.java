package dev.tally.launcher.demo;

import dev.tally.invoice.v1.CreateCustomerRequest;
import dev.tally.invoice.v1.CreatePlanRequest;
import dev.tally.invoice.v1.CreateSubscriptionRequest;
import dev.tally.invoice.v1.Customer;
import dev.tally.invoice.v1.GetCustomerRequest;
import dev.tally.invoice.v1.InvoiceServiceGrpc;
import dev.tally.invoice.v1.ListSubscriptionsRequest;
import dev.tally.invoice.v1.Plan;
import dev.tally.invoice.v1.PurchaseCreditPackRequest;
import dev.tally.invoice.v1.SubscriptionStatus;
import dev.tally.invoice.v1.TopUpRequest;
import dev.tally.launcher.demo.DemoPlans.DemoCustomer;
import dev.tally.wallet.v1.Balance;
import dev.tally.wallet.v1.GetBalanceRequest;
import dev.tally.wallet.v1.WalletServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Loads the demo plans and customers ({@link DemoPlans}) through invoice-service's gRPC API, the
 * way any client would, so that a new user can track an event and see a balance move at once.
 * <p>
 * Loaded once: when every demo customer exists with an ACTIVE subscription nothing is called. A
 * load interrupted half-way is completed by the next start: every call carries a fixed idempotency
 * key ({@code demo-v1-…}), so the calls that did commit are answered from their stored result
 * (same plan ids, no second pack or top-up) and the others are made.
 */
public final class DemoData implements AutoCloseable {

    private static final String KEY_PREFIX = "demo-v1-";
    private static final long DEADLINE_SECONDS = 30;

    private final ManagedChannel invoiceChannel;
    private final ManagedChannel walletChannel;

    /**
     * @param apiKey sent as {@code authorization: Bearer <key>} on every call when not null (the demo
     *               data needs a key with the billing admin scope)
     */
    public DemoData(String host, int invoicePort, int walletPort, String apiKey) {
        this.invoiceChannel = channel(host, invoicePort, apiKey);
        this.walletChannel = channel(host, walletPort, apiKey);
    }

    private static ManagedChannel channel(String host, int port, String apiKey) {
        ManagedChannelBuilder<?> builder =
                ManagedChannelBuilder.forAddress(host, port).usePlaintext();
        if (apiKey != null && !apiKey.isBlank()) {
            Metadata headers = new Metadata();
            headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + apiKey);
            builder.intercept(MetadataUtils.newAttachHeadersInterceptor(headers));
        }
        return builder.build();
    }

    /**
     * Loads the demo data into a running system (the launcher does this at start; this is for a
     * system started otherwise): {@code DemoData [host] [invoice port] [wallet port]}, default
     * {@code localhost 8084 8082}; the API key, if one is needed, from {@code TALLY_API_KEY}.
     */
    public static void main(String[] args) {
        String host = args.length > 0 ? args[0] : "localhost";
        int invoicePort = args.length > 1 ? Integer.parseInt(args[1]) : 8084;
        int walletPort = args.length > 2 ? Integer.parseInt(args[2]) : 8082;
        try (DemoData demo = new DemoData(host, invoicePort, walletPort, System.getenv("TALLY_API_KEY"))) {
            demo.printSummary(System.out, demo.ensureLoaded());
        }
    }

    /** What {@link #ensureLoaded()} did. */
    public enum Outcome {
        LOADED,
        ALREADY_LOADED
    }

    /** Loads the demo data unless it is there already. */
    public Outcome ensureLoaded() {
        if (DemoPlans.CUSTOMERS.stream().allMatch(this::subscribed)) {
            return Outcome.ALREADY_LOADED;
        }
        Map<String, Plan> plans = new HashMap<>();
        for (Plan plan : DemoPlans.plans()) {
            plans.put(
                    plan.getPlanCode(),
                    invoice()
                            .createPlan(CreatePlanRequest.newBuilder()
                                    .setIdempotencyKey(KEY_PREFIX + "plan-" + plan.getPlanCode())
                                    .setPlan(plan)
                                    .build())
                            .getPlan());
        }
        for (DemoCustomer c : DemoPlans.CUSTOMERS) {
            invoice()
                    .createCustomer(CreateCustomerRequest.newBuilder()
                            .setIdempotencyKey(KEY_PREFIX + "customer-" + c.customerId())
                            .setCustomer(Customer.newBuilder()
                                    .setCustomerId(c.customerId())
                                    .setDisplayName(c.displayName())
                                    .setEmail(c.customerId() + "@example.com")
                                    .setCurrencyCode("USD")
                                    .putMetadata("demo", "true"))
                            .build());
            invoice()
                    .createSubscription(CreateSubscriptionRequest.newBuilder()
                            .setIdempotencyKey(KEY_PREFIX + "subscription-" + c.customerId())
                            .setCustomerId(c.customerId())
                            .setPlanId(plans.get(c.planCode()).getPlanId())
                            .build());
        }
        invoice()
                .purchaseCreditPack(PurchaseCreditPackRequest.newBuilder()
                        .setIdempotencyKey(KEY_PREFIX + "pack-" + DemoPlans.PACK)
                        .setCustomerId(customer(DemoPlans.CREDITS).customerId())
                        .setCreditPackCode(DemoPlans.PACK)
                        .setQuantity(1)
                        .build());
        invoice()
                .topUp(TopUpRequest.newBuilder()
                        .setIdempotencyKey(KEY_PREFIX + "top-up")
                        .setCustomerId(customer(DemoPlans.BALANCE).customerId())
                        .setAmount(DemoPlans.usd(DemoPlans.TOP_UP_USD))
                        .build());
        return Outcome.LOADED;
    }

    /** One line per demo customer: its plan and what its wallet holds now, then what to try. */
    public void printSummary(PrintStream out, Outcome outcome) {
        out.printf(
                "%nDemo data %s (skip with --no-demo-data):%n",
                outcome == Outcome.LOADED ? "loaded" : "already loaded");
        out.printf("  %-13s %-8s %-8s %-18s %s%n", "customer", "plan", "model", "features", "now");
        for (DemoCustomer c : DemoPlans.CUSTOMERS) {
            Plan plan = DemoPlans.plans().stream()
                    .filter(p -> p.getPlanCode().equals(c.planCode()))
                    .findFirst()
                    .orElseThrow();
            out.printf(
                    "  %-13s %-8s %-8s %-18s %s%n",
                    c.customerId(), c.planCode(), model(plan), features(plan), now(c, plan));
        }
        out.println("Try it: track a token event for demo-balance (model anthropic/claude-sonnet-4.6, feature ai_chat)"
                + " and watch its balance move: see examples/README.md.");
    }

    private String now(DemoCustomer c, Plan plan) {
        if (plan.hasMetered()) {
            var f = plan.getMetered().getFeatures(0);
            return f.getIncludedUnits() + " tokens included per month, then $"
                    + f.getOveragePricePerBlock().getAmount() + " per " + f.getOverageBlockSizeUnits();
        }
        String unit = plan.hasCredits() ? "CREDITS" : plan.getCurrencyCode();
        String available = "0"; // no wallet yet: nothing was ever granted
        try {
            List<Balance> balances = wallet().getBalance(GetBalanceRequest.newBuilder()
                            .setCustomerId(c.customerId())
                            .setCurrencyCode(unit)
                            .build())
                    .getBalancesList();
            available = balances.isEmpty()
                    ? available
                    : balances.get(0).getAvailable().getAmount();
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() != Status.Code.NOT_FOUND) {
                throw e;
            }
        }
        return available + " " + unit + " available" + (c.extra().isEmpty() ? "" : " (" + c.extra() + ")");
    }

    private static String model(Plan plan) {
        return plan.hasMetered() ? "METERED" : plan.hasCredits() ? "CREDITS" : "BALANCE";
    }

    private static String features(Plan plan) {
        List<String> codes = plan.hasMetered()
                ? plan.getMetered().getFeaturesList().stream()
                        .map(f -> f.getFeature().getFeatureCode())
                        .toList()
                : plan.hasCredits()
                        ? plan.getCredits().getFeaturesList().stream()
                                .map(f -> f.getFeature().getFeatureCode())
                                .toList()
                        : plan.getBalance().getFeaturesList().stream()
                                .map(f -> f.getFeature().getFeatureCode())
                                .toList();
        return String.join(",", codes);
    }

    private boolean subscribed(DemoCustomer c) {
        try {
            invoice()
                    .getCustomer(GetCustomerRequest.newBuilder()
                            .setCustomerId(c.customerId())
                            .build());
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                return false;
            }
            throw e;
        }
        return invoice()
                        .listSubscriptions(ListSubscriptionsRequest.newBuilder()
                                .setCustomerId(c.customerId())
                                .setStatus(SubscriptionStatus.SUBSCRIPTION_STATUS_ACTIVE)
                                .build())
                        .getSubscriptionsCount()
                > 0;
    }

    private static DemoCustomer customer(String planCode) {
        return DemoPlans.CUSTOMERS.stream()
                .filter(c -> c.planCode().equals(planCode))
                .findFirst()
                .orElseThrow();
    }

    private InvoiceServiceGrpc.InvoiceServiceBlockingStub invoice() {
        return InvoiceServiceGrpc.newBlockingStub(invoiceChannel).withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS);
    }

    private WalletServiceGrpc.WalletServiceBlockingStub wallet() {
        return WalletServiceGrpc.newBlockingStub(walletChannel).withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        invoiceChannel.shutdownNow();
        walletChannel.shutdownNow();
    }
}
