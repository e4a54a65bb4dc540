package dev.tally.invoice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tally.common.v1.Money;
import dev.tally.invoice.fakes.FakeUsage;
import dev.tally.invoice.v1.BalanceFeature;
import dev.tally.invoice.v1.BalancePlan;
import dev.tally.invoice.v1.BillingInterval;
import dev.tally.invoice.v1.CancelSubscriptionRequest;
import dev.tally.invoice.v1.CreateCustomerRequest;
import dev.tally.invoice.v1.CreatePlanRequest;
import dev.tally.invoice.v1.CreateSubscriptionRequest;
import dev.tally.invoice.v1.Customer;
import dev.tally.invoice.v1.InvoiceServiceGrpc;
import dev.tally.invoice.v1.MeterType;
import dev.tally.invoice.v1.Plan;
import dev.tally.invoice.v1.PlanFeature;
import dev.tally.launcher.ServiceProcess;
import dev.tally.launcher.TallyService;
import dev.tally.support.proto.ProtoTime;
import dev.tally.testing.PackagedService;
import dev.tally.testing.Replicas;
import dev.tally.testing.TestDatabase;
import dev.tally.testing.Waits;
import dev.tally.wallet.v1.DebitRequest;
import dev.tally.wallet.v1.WalletServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Acceptance 6 with real processes: the packaged invoice-service, as two replicas on one database,
 * and as one process halted ({@code Runtime.halt}) after each step of a period close and started
 * again; the real wallet-service as its own process; usage-service as a double in this JVM.
 * <p>
 * A due period with real clocks: a BALANCE subscription ($50 balance, $56 of usage: $6 of
 * shortfall) canceled immediately, so its period ends now and is due after a 1 s grace.
 * Exactly once is checked in both databases: one closing invoice per period, gap-free invoice
 * numbers, one settlement (one wallet operation, one SETTLEMENT entry), one expiry and one grant
 * operation per period.
 */
class ReplicasIT {

    private static final TestDatabase PG = TestDatabase.get();
    private static final FakeUsage USAGE = new FakeUsage();
    private static Server usageServer;
    private static String walletDatabase;
    private static ServiceProcess wallet;
    private static ManagedChannel walletChannel;

    private String invoiceDatabase;
    private final List<ServiceProcess> processes = new ArrayList<>();
    private final List<ManagedChannel> channels = new ArrayList<>();
    private int starts;

    @BeforeAll
    static void startWalletAndUsage() throws IOException {
        usageServer = ServerBuilder.forPort(0).addService(USAGE).build().start();
        walletDatabase = PG.createDatabase("replicas_wallet");
        wallet = Replicas.launch(TallyService.WALLET, "replicas-it-wallet", Replicas.databaseEnv(PG, walletDatabase));
        wallet.awaitReady(Duration.ofSeconds(120));
        walletChannel = ManagedChannelBuilder.forAddress("localhost", wallet.port())
                .usePlaintext()
                .build();
    }

    @AfterAll
    static void stopWalletAndUsage() throws InterruptedException {
        walletChannel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        wallet.close();
        usageServer.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        PG.dropDatabase(walletDatabase);
    }

    @BeforeEach
    void freshInvoiceDatabase() {
        invoiceDatabase = PG.createDatabase("replicas_invoice");
    }

    @AfterEach
    void stopInvoices() throws InterruptedException {
        for (ManagedChannel channel : channels) {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        processes.forEach(ServiceProcess::close);
        PG.dropDatabase(invoiceDatabase);
    }

    @Test
    void twoReplicasRunningTheJobCloseEachDuePeriodOnce() {
        ServiceProcess a = startInvoice(null);
        ServiceProcess b = startInvoice(null);
        a.awaitReady(Duration.ofSeconds(120));
        b.awaitReady(Duration.ofSeconds(120));
        InvoiceServiceGrpc.InvoiceServiceBlockingStub first = client(a);
        InvoiceServiceGrpc.InvoiceServiceBlockingStub second = client(b);
        Plan plan = createPlan(first);
        int subscriptions = 20;
        List<String> subs = new ArrayList<>();
        for (int i = 0; i < subscriptions; i++) {
            subs.add(dueSubscription(i % 2 == 0 ? first : second, i % 2 == 0 ? second : first, plan));
        }

        awaitClosed(subscriptions, Duration.ofSeconds(120));

        for (String sub : subs) {
            assertClosedOnce(sub);
        }
        assertInvoiceNumbersGapFree(2L * subscriptions); // opening + closing invoices
    }

    @Test
    void aProcessHaltedAfterEachStepOfTheCloseThenStartedAgainBillsOnce() {
        String[] crashes = {
            "USAGE",
            "USAGE:AFTER_COMMIT",
            "SETTLE",
            "SETTLE:AFTER_COMMIT",
            "EXPIRE",
            "EXPIRE:AFTER_COMMIT",
            "INVOICE",
            "INVOICE:AFTER_COMMIT"
        };
        ServiceProcess setup = startInvoice(crashes[0]);
        setup.awaitReady(Duration.ofSeconds(120));
        InvoiceServiceGrpc.InvoiceServiceBlockingStub api = client(setup);
        String sub = dueSubscription(api, api, createPlan(api));
        assertHalted(setup);

        for (int i = 1; i < crashes.length; i++) {
            assertHalted(startInvoice(crashes[i]));
        }
        ServiceProcess clean = startInvoice(null);
        clean.awaitReady(Duration.ofSeconds(120));
        awaitClosed(1, Duration.ofSeconds(120));

        assertClosedOnce(sub);
        assertThat(invoiceCount("SELECT count(*) FROM period_step WHERE period_id = '" + sub + "/0'"))
                .isEqualTo(5);
        assertInvoiceNumbersGapFree(2);
    }

    /** A subscription whose only period ends now with $6 of shortfall: due for its close after the 1 s grace. */
    private String dueSubscription(
            InvoiceServiceGrpc.InvoiceServiceBlockingStub api,
            InvoiceServiceGrpc.InvoiceServiceBlockingStub canceller,
            Plan plan) {
        String customer = "cus-" + UUID.randomUUID().toString().substring(0, 8);
        api.createCustomer(CreateCustomerRequest.newBuilder()
                .setIdempotencyKey(key())
                .setCustomer(Customer.newBuilder()
                        .setCustomerId(customer)
                        .setDisplayName(customer)
                        .setEmail("billing@acme.test")
                        .setCurrencyCode("USD"))
                .build());
        String sub = api.createSubscription(CreateSubscriptionRequest.newBuilder()
                        .setIdempotencyKey(key())
                        .setCustomerId(customer)
                        .setPlanId(plan.getPlanId())
                        .build())
                .getSubscription()
                .getSubscriptionId();
        await("the period's $50 grant")
                .atMost(Waits.PATIENTLY)
                .until(() ->
                        walletCount("SELECT count(*) FROM wallet_grant WHERE customer_id = '" + customer + "'") == 1);
        WalletServiceGrpc.newBlockingStub(walletChannel)
                .debit(DebitRequest.newBuilder()
                        .setCustomerId(customer)
                        .setAmount(Money.newBuilder().setAmount("56").setCurrencyCode("USD"))
                        .setOccurredTime(ProtoTime.timestamp(Instant.now()))
                        .setIdempotencyKey("evt-" + UUID.randomUUID())
                        .build());
        canceller.cancelSubscription(CancelSubscriptionRequest.newBuilder()
                .setIdempotencyKey(key())
                .setSubscriptionId(sub)
                .setCancelImmediately(true)
                .build());
        return sub;
    }

    private void assertClosedOnce(String sub) {
        String customer = invoiceText("SELECT customer_id FROM subscription WHERE subscription_id = '" + sub + "'");
        assertThat(invoiceCount("SELECT count(*) FROM invoice WHERE subscription_id = '" + sub
                        + "' AND closes_period_index = 0 AND status = 'FINALIZED'"))
                .as("closing invoice")
                .isEqualTo(1);
        assertThat(invoiceText("SELECT string_agg(line_type || ' ' || amount, ',') FROM invoice_line l JOIN invoice i"
                        + " USING (invoice_id) WHERE i.subscription_id = '" + sub + "' AND i.closes_period_index = 0"))
                .isEqualTo("SHORTFALL 6.00");
        for (String step : new String[] {"grant", "settle", "expire"}) {
            // the wallet's idempotency record of each keyed step (the key names the subscription)
            assertThat(walletCount("SELECT count(*) FROM idempotency_record WHERE idempotency_key = 'period:" + sub
                            + "/0:" + step + "'"))
                    .as(step)
                    .isEqualTo(1);
        }
        assertThat(walletCount("SELECT count(*) FROM ledger_entry WHERE customer_id = '" + customer
                        + "' AND entry_type = 'SETTLEMENT' AND grant_id IS NULL"))
                .as("settlements")
                .isEqualTo(1);
        assertThat(walletCount("SELECT count(*) FROM wallet_grant WHERE customer_id = '" + customer + "'"))
                .as("grants")
                .isEqualTo(1);
    }

    private void assertInvoiceNumbersGapFree(long expected) {
        assertThat(invoiceCount("SELECT count(*) FROM invoice WHERE invoice_number IS NOT NULL"))
                .isEqualTo(expected);
        assertThat(invoiceCount("SELECT max(right(invoice_number, 6)::int) FROM invoice"))
                .isEqualTo(expected);
    }

    private void awaitClosed(int periods, Duration timeout) {
        await(periods + " periods closed")
                .atMost(timeout)
                .until(() ->
                        invoiceCount("SELECT count(*) FROM billing_period WHERE close_time IS NOT NULL") == periods);
    }

    private static void assertHalted(ServiceProcess process) {
        OptionalInt exit = process.awaitExit(Duration.ofSeconds(120));
        assertThat(exit)
                .as(process.name() + " halted by the injected crash (see " + process.log() + ")")
                .hasValue(99);
    }

    private ServiceProcess startInvoice(String crashAt) {
        Map<String, String> env = new HashMap<>(Replicas.databaseEnv(PG, invoiceDatabase));
        env.put("QUARKUS_GRPC_CLIENTS_WALLET_HOST", "localhost");
        env.put("QUARKUS_GRPC_CLIENTS_WALLET_PORT", String.valueOf(wallet.port()));
        env.put("QUARKUS_GRPC_CLIENTS_USAGE_HOST", "localhost");
        env.put("QUARKUS_GRPC_CLIENTS_USAGE_PORT", String.valueOf(usageServer.getPort()));
        env.put("TALLY_INVOICE_GRACE_PERIOD", "1s");
        env.put("TALLY_INVOICE_BILLING_INTERVAL", "500ms");
        env.put("QUARKUS_PROFILE", "it"); // crash-at is a test-only setting
        if (crashAt != null) {
            env.putAll(PackagedService.testProfile()); // a fault injection is a test-only setting
            env.put("TALLY_INVOICE_BILLING_CRASH_AT", crashAt);
        }
        ServiceProcess process =
                Replicas.launch(TallyService.INVOICE, "replicas-it-invoice-" + invoiceDatabase + "-" + (++starts), env);
        processes.add(process);
        return process;
    }

    private InvoiceServiceGrpc.InvoiceServiceBlockingStub client(ServiceProcess process) {
        ManagedChannel channel = ManagedChannelBuilder.forAddress("localhost", process.port())
                .usePlaintext()
                .build();
        channels.add(channel);
        return InvoiceServiceGrpc.newBlockingStub(channel).withInterceptors(InvoiceTest.deadlinePerCall());
    }

    private static Plan createPlan(InvoiceServiceGrpc.InvoiceServiceBlockingStub api) {
        String code = "balance-" + UUID.randomUUID().toString().substring(0, 8);
        return api.createPlan(CreatePlanRequest.newBuilder()
                        .setIdempotencyKey(key())
                        .setPlan(Plan.newBuilder()
                                .setPlanCode(code)
                                .setDisplayName(code)
                                .setCurrencyCode("USD")
                                .setBasePrice(Money.newBuilder().setAmount("50").setCurrencyCode("USD"))
                                .setBillingInterval(BillingInterval.BILLING_INTERVAL_MONTH)
                                .setBalance(BalancePlan.newBuilder()
                                        .addFeatures(BalanceFeature.newBuilder()
                                                .setFeature(PlanFeature.newBuilder()
                                                        .setFeatureCode("ai_chat")
                                                        .setMeterType(MeterType.METER_TYPE_TOKENS))
                                                .setMargin("0.2"))))
                        .build())
                .getPlan();
    }

    private static String key() {
        return "key-" + UUID.randomUUID();
    }

    private long invoiceCount(String sql) {
        return PG.queryLong(invoiceDatabase, sql);
    }

    private String invoiceText(String sql) {
        try (Connection connection = PG.connect(invoiceDatabase);
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            return rows.next() ? rows.getString(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    private static long walletCount(String sql) {
        return PG.queryLong(walletDatabase, sql);
    }
}
