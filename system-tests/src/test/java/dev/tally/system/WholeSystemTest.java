package dev.tally.system;

import static dev.tally.system.Accounts.CREDITS;
import static dev.tally.system.Accounts.USD;
import static dev.tally.system.Accounts.lines;
import static dev.tally.system.Accounts.remaining;
import static dev.tally.system.Accounts.rounded;
import static dev.tally.system.Billing.amount;
import static dev.tally.system.Charges.MARGIN;
import static dev.tally.system.Charges.assertCharge;
import static dev.tally.system.Charges.charged;
import static dev.tally.system.Charges.cost;
import static dev.tally.system.SystemUnderTest.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.catalog.v1.GetModelRequest;
import dev.tally.catalog.v1.PriceVersion;
import dev.tally.catalog.v1.SyncNowRequest;
import dev.tally.catalog.v1.SyncReport;
import dev.tally.catalog.v1.SyncState;
import dev.tally.invoice.v1.BillingInterval;
import dev.tally.invoice.v1.GetSubscriptionRequest;
import dev.tally.invoice.v1.GetUpcomingInvoiceRequest;
import dev.tally.invoice.v1.Invoice;
import dev.tally.invoice.v1.InvoiceStatus;
import dev.tally.invoice.v1.Plan;
import dev.tally.invoice.v1.PurchaseCreditPackRequest;
import dev.tally.invoice.v1.Subscription;
import dev.tally.launcher.GrpcProbe;
import dev.tally.launcher.ServiceProcess;
import dev.tally.launcher.TallyService;
import dev.tally.usage.v1.BalanceCharge;
import dev.tally.usage.v1.CheckRequest;
import dev.tally.usage.v1.CheckResponse;
import dev.tally.usage.v1.DebitStatus;
import dev.tally.usage.v1.GetUsageRequest;
import dev.tally.usage.v1.QueryUsageRequest;
import dev.tally.usage.v1.QueryUsageResponse;
import dev.tally.usage.v1.TrackRequest;
import dev.tally.usage.v1.TrackResponse;
import dev.tally.usage.v1.UsageEvent;
import dev.tally.usage.v1.UsageGroup;
import dev.tally.usage.v1.UsageGroupBy;
import dev.tally.wallet.v1.Balance;
import dev.tally.wallet.v1.GrantSource;
import io.grpc.health.v1.HealthCheckResponse;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The four packaged services together, as users run them: one system (PostgreSQL and two replicas
 * of each service, {@link SystemUnderTest}, shared with the other system-test classes), driven only through gRPC, every scenario
 * alternating its calls between replica A and B of each service (so every scenario also shows that
 * two replicas on the same databases give the same results). Expected amounts are computed from the
 * catalog's bundled price file and the plan terms. The destructive scenarios come last.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(SharedSystem.class)
@Order(4)
class WholeSystemTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private static final BigDecimal CALL_PRICE = new BigDecimal("0.0125");

    private SystemUnderTest tally;
    private SystemClients clients;
    private Billing billing;
    private Accounts accounts;
    private PriceFile prices = PriceFile.bundled();
    private Instant began;

    @BeforeAll
    void useTheSystem(SystemUnderTest system) {
        began = Instant.now();
        tally = system;
        clients = tally.clients;
        billing = new Billing(clients);
        accounts = new Accounts(clients, billing);
    }

    @AfterAll
    void report() {
        System.out.printf(
                "WholeSystemTest: whole class took %d s%n",
                Duration.between(began, Instant.now()).toSeconds());
    }

    // ----------------------------------------------------------------------------------- started

    /**
     * What {@code ./run-local} promises, on every replica: SERVING on the standard gRPC health check,
     * its API listed by reflection, and each database migrated.
     */
    @Test
    @Order(0)
    void everyReplicaServesHealthAndReflection() {
        for (TallyService service : TallyService.values()) {
            for (ServiceProcess process : tally.system.replicas(service)) {
                assertThat(serving(process, service.grpcService()))
                        .as(service + " health")
                        .isTrue();
                try (GrpcProbe probe = new GrpcProbe("localhost", process.port())) {
                    assertThat(probe.listServices())
                            .as(service + " reflection")
                            .contains(service.grpcService(), "grpc.health.v1.Health");
                }
            }
            assertThat(tally.count(service, "SELECT count(*) FROM flyway_schema_history WHERE success"))
                    .isPositive();
        }
    }

    // ------------------------------------------------------------------------------------ BALANCE

    /**
     * A $50 BALANCE customer tracks two Claude Sonnet 4.6 calls (input, output and cache-read
     * tokens), one through each usage replica. Worked example with the bundled prices (input
     * 0.000003, output 0.000015, cache read 0.0000003 USD per token):
     * 12,000 × 0.000003 + 3,400 × 0.000015 + 50,000 × 0.0000003 = 0.036 + 0.051 + 0.015 = 0.102 cost,
     * charged 0.102 × 1.20 = 0.1224 (margin 0.0204). The charges, the wallet, ListEvents and
     * QueryUsage agree to the last digit, on both replicas.
     */
    @Test
    @Order(1)
    void balanceTokenEventsArePricedChargedAndReportedAlikeEverywhere() {
        String customer = accounts.fundedBalanceCustomer();

        TrackResponse first = clients.usage(0).track(Events.tokens(customer, Billing.TOKENS, 12_000, 3_400, 50_000));
        TrackResponse second = clients.usage(1).track(Events.tokens(customer, Billing.TOKENS, 8_000, 1_200, 20_000));

        String modelId = first.getTokenCost().getModelId();
        BigDecimal cost1 = cost(prices, modelId, 12_000, 3_400, 50_000);
        BigDecimal cost2 = cost(prices, modelId, 8_000, 1_200, 20_000);
        assertThat(cost1).isEqualByComparingTo("0.102"); // the worked example above, from the file
        assertCharge(first, cost1);
        assertCharge(second, cost2);
        assertThat(first.getDebitStatus()).isEqualTo(DebitStatus.DEBIT_STATUS_APPLIED);
        assertThat(second.getDebitStatus()).isEqualTo(DebitStatus.DEBIT_STATUS_APPLIED);

        BigDecimal charged = charged(cost1).add(charged(cost2));
        BigDecimal left = new BigDecimal("50").subtract(charged);
        assertThat(amount(second.getRemaining().getBalance().getAvailable())).isEqualByComparingTo(left);
        for (int replica = 0; replica < SystemUnderTest.REPLICAS; replica++) {
            assertThat(amount(billing.balance(customer, USD).getAvailable())).isEqualByComparingTo(left);
        }

        // ListEvents: the same two events with the same charges, whichever replica answers
        List<UsageEvent> onA = Events.list(clients, 0, customer);
        List<UsageEvent> onB = Events.list(clients, 1, customer);
        assertThat(onA).isEqualTo(onB).hasSize(2);
        Map<String, BalanceCharge> listed = onA.stream()
                .collect(Collectors.toMap(
                        UsageEvent::getEventId, e -> e.getCharge().getBalance()));
        assertThat(amount(listed.get(first.getEventId()).getAmount())).isEqualByComparingTo(charged(cost1));
        assertThat(amount(listed.get(second.getEventId()).getAmount())).isEqualByComparingTo(charged(cost2));
        assertThat(amount(listed.get(first.getEventId()).getMarginAmount()))
                .isEqualByComparingTo(cost1.multiply(MARGIN));

        // QueryUsage: the totals of the same numbers
        for (int replica = 0; replica < SystemUnderTest.REPLICAS; replica++) {
            QueryUsageResponse totals = clients.usage(replica)
                    .queryUsage(QueryUsageRequest.newBuilder()
                            .setTimeRange(around(Instant.now()))
                            .setCustomerId(customer)
                            .addGroupBy(UsageGroupBy.USAGE_GROUP_BY_CUSTOMER)
                            .build());
            assertThat(totals.getGroupsList()).hasSize(1);
            UsageGroup group = totals.getGroups(0);
            assertThat(group.getEventCount()).isEqualTo(2);
            assertThat(group.getTokens().getInputTokens()).isEqualTo(20_000);
            assertThat(group.getTokens().getOutputTokens()).isEqualTo(4_600);
            assertThat(group.getTokens().getCacheReadTokens()).isEqualTo(70_000);
            assertThat(amount(group.getProviderCosts(0))).isEqualByComparingTo(cost1.add(cost2));
            assertThat(amount(group.getBilledAmounts(0))).isEqualByComparingTo(charged);
            assertThat(amount(group.getMarginAmounts(0)))
                    .isEqualByComparingTo(cost1.add(cost2).multiply(MARGIN));
        }
    }

    /**
     * A $0-base BALANCE customer: a zero-cost event (a feature priced at $0) charges 0.00 and leaves
     * nothing owed; a token event is not refused but becomes shortfall, shown on the upcoming invoice.
     */
    @Test
    @Order(2)
    void zeroBaseBalanceCustomerAndAZeroCostEvent() {
        String customer = billing.subscribedCustomer(billing.balancePlan("0"));

        TrackResponse free = clients.usage(0).track(Events.units(customer, Billing.FREE, "3"));
        assertThat(amount(free.getCharge().getBalance().getAmount())).isZero();
        assertThat(free.getDebitStatus()).isEqualTo(DebitStatus.DEBIT_STATUS_NOT_REQUIRED); // nothing to debit

        TrackResponse paid = clients.usage(1).track(Events.tokens(customer, Billing.TOKENS, 10_000, 2_000, 0));
        BigDecimal cost = cost(prices, paid.getTokenCost().getModelId(), 10_000, 2_000, 0);
        // 10,000 × 0.000003 + 2,000 × 0.000015 = 0.06 → 0.072 charged, all of it shortfall
        assertCharge(paid, cost);
        assertThat(amount(paid.getCharge().getBalance().getShortfall())).isEqualByComparingTo(charged(cost));
        assertThat(paid.getExhausted()).isTrue();

        Balance wallet = eventually("the shortfall in the wallet", WAIT)
                .until(
                        () -> billing.balance(customer, USD),
                        b -> amount(b.getShortfall()).compareTo(charged(cost)) == 0);
        // no grant in force: the 0.072 is unbilled shortfall (it waits for the invoice) and available stays 0
        assertThat(amount(wallet.getUnbilledShortfall())).isEqualByComparingTo(charged(cost));
        assertThat(amount(wallet.getAvailable())).isZero();
        Invoice upcoming = clients.invoice(0)
                .getUpcomingInvoice(GetUpcomingInvoiceRequest.newBuilder()
                        .setCustomerId(customer)
                        .build())
                .getInvoice();
        assertThat(lines(upcoming)).contains("INVOICE_LINE_TYPE_SHORTFALL " + rounded(charged(cost)));
        assertThat(amount(upcoming.getTotal())).isEqualByComparingTo(rounded(charged(cost)));
    }

    // ------------------------------------------------------------------------------------ retries

    /**
     * Every Track sent twice with the same key: 10 one after the other (A then B), 10 at the same
     * time on A and B. Each pair has one event id, one of the two is the original and the other a
     * duplicate; the wallet is debited 20 times: 50 − 20 × 0.0125 = 49.75.
     */
    @Test
    @Order(3)
    void everyTrackSentTwiceIsChargedOnce() throws Exception {
        String customer = accounts.fundedBalanceCustomer();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (int i = 0; i < 20; i++) {
                TrackRequest request = Events.units(customer, Billing.CALLS, "1");
                TrackResponse a;
                TrackResponse b;
                if (i < 10) {
                    a = clients.usage(0).track(request);
                    b = clients.usage(1).track(request);
                } else {
                    Future<TrackResponse> onA =
                            pool.submit(() -> clients.usage(0).track(request));
                    Future<TrackResponse> onB =
                            pool.submit(() -> clients.usage(1).track(request));
                    a = onA.get();
                    b = onB.get();
                }
                assertThat(a.getEventId()).isEqualTo(b.getEventId());
                assertThat(List.of(a.getDuplicate(), b.getDuplicate()))
                        .as("pair %d", i)
                        .containsExactlyInAnyOrder(false, true);
                assertThat(amount(a.getCharge().getBalance().getAmount())).isEqualByComparingTo(CALL_PRICE);
                assertThat(amount(b.getCharge().getBalance().getAmount())).isEqualByComparingTo(CALL_PRICE);
                if (a.getDebitStatus() == DebitStatus.DEBIT_STATUS_APPLIED
                        && b.getDebitStatus() == DebitStatus.DEBIT_STATUS_APPLIED) {
                    // a replay that raced the original's debit says PENDING, without the shortfall yet
                    assertThat(b.getCharge()).isEqualTo(a.getCharge());
                }
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(Events.list(clients, 1, customer)).hasSize(20);
        accounts.awaitAvailable(customer, USD, "49.75");
        assertThat(accounts.debits(customer, USD)).isEqualTo(20);
    }

    // ---------------------------------------------------------------------- streaming LLM: reserve

    /**
     * The streaming-LLM flow: Check with reserve holds the estimate (input 2,000, max output 4,000:
     * (0.006 + 0.06) × 1.2 = 0.0792), so the available balance drops by it; the Track of the
     * finished call (1,500 output tokens: (0.006 + 0.0225) × 1.2 = 0.0342) captures the hold, the
     * rest is released.
     */
    @Test
    @Order(4)
    void checkWithReserveThenTrackWithTheHold() {
        String customer = accounts.fundedBalanceCustomer();
        CheckRequest reserve = CheckRequest.newBuilder()
                .setCustomerId(customer)
                .setFeatureCode(Billing.TOKENS)
                .setTokenUsage(Events.tokenUsage(2_000, 4_000, 0))
                .setReserve(true)
                .setIdempotencyKey(Billing.key())
                .build();
        CheckResponse held = clients.usage(0).check(reserve);
        String modelId = held.getEstimatedTokenCost().getModelId();
        BigDecimal estimate = charged(cost(prices, modelId, 2_000, 4_000, 0));
        assertThat(held.getAllowed()).isTrue();
        assertThat(held.getHoldId()).isNotEmpty();
        assertThat(amount(held.getHoldAmount())).isEqualByComparingTo(estimate);
        CheckResponse replayed = clients.usage(1).check(reserve);
        assertThat(replayed.getDuplicate()).isTrue();
        assertThat(replayed.getHoldId()).isEqualTo(held.getHoldId());

        Balance during = billing.balance(customer, USD);
        assertThat(amount(during.getHeld())).isEqualByComparingTo(estimate);
        assertThat(amount(during.getAvailable())).isEqualByComparingTo(new BigDecimal("50").subtract(estimate));

        TrackRequest done = Events.tokens(customer, Billing.TOKENS, 2_000, 1_500, 0).toBuilder()
                .setHoldId(held.getHoldId())
                .build();
        TrackResponse tracked = clients.usage(1).track(done);
        BigDecimal actual = cost(prices, modelId, 2_000, 1_500, 0);
        assertCharge(tracked, actual);

        Balance after = eventually("the hold captured and released", WAIT)
                .until(
                        () -> billing.balance(customer, USD),
                        b -> amount(b.getHeld()).signum() == 0);
        assertThat(amount(after.getAvailable())).isEqualByComparingTo(new BigDecimal("50").subtract(charged(actual)));
        assertThat(Events.list(clients, 0, customer).get(0).getHoldId()).isEqualTo(held.getHoldId());
    }

    // ----------------------------------------------------------------------------- period ends

    /**
     * Two subscriptions whose period 0 ends {@code E} ≈ 12 s from now (they started one interval
     * before E, as a subscription brought over from another system does), run through the renewal
     * at E and the close after the grace window, by the billing job of the invoice replicas. On a
     * machine too slow to do period 0's usage in those 12 s, it is set up again with a longer lead.
     * <p>
     * METERED (Starter: $29 including 50,000 tokens, $0.03 per 1,000): 80,500 tokens in period 0,
     * overage 30,500 tokens = 30.5 blocks × 0.03 = 0.915 → 0.92; the renewal invoice carries BASE
     * 29.00 (period 1) + OVERAGE 0.92 (period 0) = 29.92.
     * <p>
     * CREDITS (1,000 credits a period; image 10, text 2, voice 25; pack_500): 30 images = 300
     * credits (700 left); a pack of 500 bought mid-period (its invoice: 8.00 at once); 340 texts =
     * 680 credits, all from the subscription grant (20 left; the pack is consumed last, so it keeps
     * its 500); after the renewal at E, a late text event of 5 (10 credits) at E − 1 s, in the grace
     * window, is paid by period 0's credits (10 left), never by period 1's 1,000. At the close the
     * unused 10 lapse: period 1 starts with 1,000 + the pack's 500 = 1,500, and its invoice is BASE
     * 20.00 only.
     */
    @Test
    @Order(5)
    void meteredAndCreditsRunThroughAPeriodEnd() {
        PeriodZero zero = PeriodEnds.beforeTheEnd(this::usageBeforeTheEnd);
        Instant end = zero.end();
        Subscription creditsSub = zero.creditsSub();
        String credits = zero.credits();
        String metered = zero.metered();

        // the renewal at E (by the billing job): period 1's 1,000 credits exist, in force from E
        eventually("the credits subscription renewed at E", Duration.ofSeconds(60))
                .until(() -> Billing.instant(clients.invoice(billing.next())
                                .getSubscription(GetSubscriptionRequest.newBuilder()
                                        .setSubscriptionId(creditsSub.getSubscriptionId())
                                        .build())
                                .getSubscription()
                                .getCurrentPeriod()
                                .getStartTime())
                        .equals(end));
        Balance renewed = eventually("period 1's grant", WAIT)
                .until(
                        () -> billing.balance(credits, CREDITS),
                        b -> remaining(b, GrantSource.GRANT_SOURCE_SUBSCRIPTION, creditsSub, 1)
                                        .signum()
                                > 0);
        assertThat(remaining(renewed, GrantSource.GRANT_SOURCE_SUBSCRIPTION, creditsSub, 1))
                .isEqualByComparingTo("1000");

        // a late event of period 0, within its grace window
        TrackResponse late = clients.usage(1).track(Events.at(Events.units(credits, "text", "5"), end.minusSeconds(1)));
        assertThat(Billing.instant(late.getPeriod().getEndTime())).isEqualTo(end);
        Balance afterLate = eventually("the late event debited", WAIT)
                .until(
                        () -> billing.balance(credits, CREDITS),
                        b -> remaining(b, GrantSource.GRANT_SOURCE_SUBSCRIPTION, creditsSub, 0)
                                        .compareTo(BigDecimal.TEN)
                                == 0);
        assertThat(remaining(afterLate, GrantSource.GRANT_SOURCE_SUBSCRIPTION, creditsSub, 1))
                .isEqualByComparingTo("1000");
        assertThat(remaining(afterLate, GrantSource.GRANT_SOURCE_PACK, null, -1))
                .isEqualByComparingTo("500");

        // the close after the grace window: the renewal invoices
        Invoice meteredRenewal = accounts.closingInvoice(metered, end);
        assertThat(lines(meteredRenewal))
                .containsExactlyInAnyOrder("INVOICE_LINE_TYPE_BASE 29.00", "INVOICE_LINE_TYPE_OVERAGE 0.92");
        assertThat(amount(meteredRenewal.getTotal())).isEqualByComparingTo("29.92");
        Invoice creditsRenewal = accounts.closingInvoice(credits, end);
        assertThat(lines(creditsRenewal)).containsExactly("INVOICE_LINE_TYPE_BASE 20.00");

        Balance next = eventually("period 0's credits expired", WAIT)
                .until(
                        () -> billing.balance(credits, CREDITS),
                        b -> remaining(b, GrantSource.GRANT_SOURCE_SUBSCRIPTION, creditsSub, 0)
                                        .signum()
                                == 0);
        assertThat(amount(next.getAvailable())).isEqualByComparingTo("1500");
        assertThat(clients.invoice(0)
                        .getInvoice(dev.tally.invoice.v1.GetInvoiceRequest.newBuilder()
                                .setInvoiceId(meteredRenewal.getInvoiceId())
                                .build())
                        .getInvoice())
                .isEqualTo(clients.invoice(1)
                        .getInvoice(dev.tally.invoice.v1.GetInvoiceRequest.newBuilder()
                                .setInvoiceId(meteredRenewal.getInvoiceId())
                                .build())
                        .getInvoice());
    }

    /** Scenario 5's two subscriptions whose period 0 ends at {@code end}, with its usage done before then. */
    private record PeriodZero(Instant end, String metered, String credits, Subscription creditsSub) {}

    /**
     * Scenario 5 up to its period end E ({@link PeriodEnds#beforeTheEnd}): the two subscriptions and
     * period 0's usage; null when that was done only after E.
     */
    private PeriodZero usageBeforeTheEnd(Instant end) {
        BillingInterval interval = Billing.intervalEndingAt(end);
        Instant start = Billing.oneIntervalBefore(end, interval);

        String metered = billing.customer();
        Subscription meteredSub = billing.subscribe(metered, billing.starterPlan(interval), start);
        String credits = billing.customer();
        Plan creditsPlan = billing.creditsPlan(interval);
        Subscription creditsSub = billing.subscribe(credits, creditsPlan, start);
        assertThat(Billing.instant(meteredSub.getCurrentPeriod().getEndTime())).isEqualTo(end);

        // METERED: 80,500 tokens over three events and both replicas
        clients.usage(0).track(Events.tokens(metered, Billing.TOKENS, 30_000, 10_000, 0));
        clients.usage(1).track(Events.tokens(metered, Billing.TOKENS, 20_000, 10_500, 0));
        TrackResponse third = clients.usage(0).track(Events.tokens(metered, Billing.TOKENS, 0, 0, 10_000));
        assertThat(new BigDecimal(third.getRemaining().getMetered().getOverageUnits()))
                .isEqualByComparingTo("30500");

        // CREDITS: usage, a pack mid-period, more usage
        accounts.awaitAvailable(credits, CREDITS, "1000");
        clients.usage(1).track(Events.units(credits, "image", "30"));
        Invoice pack = clients.invoice(0)
                .purchaseCreditPack(PurchaseCreditPackRequest.newBuilder()
                        .setIdempotencyKey(Billing.key())
                        .setCustomerId(credits)
                        .setCreditPackCode("pack_500")
                        .build())
                .getInvoice();
        assertThat(pack.getStatus()).isEqualTo(InvoiceStatus.INVOICE_STATUS_FINALIZED);
        assertThat(amount(pack.getTotal())).isEqualByComparingTo("8.00");
        clients.usage(0).track(Events.units(credits, "text", "340"));
        Balance beforeEnd = eventually("680 credits debited", WAIT)
                .until(
                        () -> billing.balance(credits, CREDITS),
                        b -> amount(b.getAvailable()).compareTo(new BigDecimal("520")) == 0);
        assertThat(remaining(beforeEnd, GrantSource.GRANT_SOURCE_SUBSCRIPTION, creditsSub, 0))
                .isEqualByComparingTo("20");
        assertThat(remaining(beforeEnd, GrantSource.GRANT_SOURCE_PACK, null, -1))
                .isEqualByComparingTo("500");

        return PeriodEnds.ifStillBefore(end, new PeriodZero(end, metered, credits, creditsSub), "WholeSystemTest");
    }

    // --------------------------------------------------------------------------- price change

    /**
     * A price change synced mid-test: the price source (a local HTTP server) starts serving the
     * bundled file with Claude Sonnet 4.6's input and output prices raised 20% (one model of
     * thousands, far inside the sync guard's limits); SyncNow applies it as a new price version.
     * The test waits until both catalog replicas report that version and both usage replicas price
     * with it (observable through Check), then: an event now is priced at the new rates, an event
     * that occurred before the version took effect (sent afterwards) at the old ones.
     */
    @Test
    @Order(6)
    void aPriceChangeSyncedMidTestPricesEventsByTheirTime() {
        String customer = accounts.fundedBalanceCustomer();
        TrackResponse before = clients.usage(0).track(Events.tokens(customer, Billing.TOKENS, 10_000, 1_000, 0));
        String modelId = before.getTokenCost().getModelId();
        PriceVersion old = model(0, Events.MODEL);
        assertCharge(before, cost(prices, modelId, 10_000, 1_000, 0));

        PriceFile raised = prices.withRate(
                        modelId,
                        "input_cost_per_token",
                        prices.rate(modelId, "input_cost_per_token").multiply(new BigDecimal("1.2")))
                .withRate(
                        modelId,
                        "output_cost_per_token",
                        prices.rate(modelId, "output_cost_per_token").multiply(new BigDecimal("1.2")));
        tally.prices.serve(raised.bytes());
        SyncReport report = clients.catalog(1)
                .syncNow(SyncNowRequest.newBuilder()
                        .setIdempotencyKey(Billing.key())
                        .build())
                .getReport();
        assertThat(report.getState()).as(report.toString()).isEqualTo(SyncState.SYNC_STATE_SUCCEEDED);
        assertThat(report.getModelsChanged()).isEqualTo(1);

        PriceVersion current = eventually("the new price version on catalog A", WAIT)
                .until(() -> model(0, Events.MODEL), v -> !v.getPriceVersionId().equals(old.getPriceVersionId()));
        assertThat(model(1, Events.MODEL)).isEqualTo(current);
        Instant effective = Billing.instant(current.getEffectiveTime());
        for (int replica = 0; replica < SystemUnderTest.REPLICAS; replica++) {
            int r = replica;
            eventually("usage replica " + r + " prices with the new version", WAIT)
                    .until(() -> clients.usage(r)
                            .check(CheckRequest.newBuilder()
                                    .setCustomerId(customer)
                                    .setFeatureCode(Billing.TOKENS)
                                    .setTokenUsage(Events.tokenUsage(1, 1, 0))
                                    .build())
                            .getEstimatedTokenCost()
                            .getPriceVersionId()
                            .equals(current.getPriceVersionId()));
        }

        TrackResponse after = clients.usage(1).track(Events.tokens(customer, Billing.TOKENS, 10_000, 1_000, 0));
        assertThat(after.getTokenCost().getPriceVersionId()).isEqualTo(current.getPriceVersionId());
        assertCharge(after, cost(raised, modelId, 10_000, 1_000, 0));
        // 10,000 × 0.0000036 + 1,000 × 0.000018 = 0.054 (was 0.045)
        assertThat(cost(raised, modelId, 10_000, 1_000, 0)).isEqualByComparingTo("0.054");

        TrackResponse lateOld = clients.usage(0)
                .track(Events.at(Events.tokens(customer, Billing.TOKENS, 10_000, 1_000, 0), effective.minusMillis(1)));
        assertThat(lateOld.getTokenCost().getPriceVersionId()).isEqualTo(old.getPriceVersionId());
        assertCharge(lateOld, cost(prices, modelId, 10_000, 1_000, 0));
        prices = raised;
    }

    // ------------------------------------------------------------------------------ destructive

    /**
     * Both wallet replicas stopped while 200 events are tracked (8 clients, both usage replicas):
     * every event is acknowledged; once the wallets are back the outboxes drain (no pending debit)
     * and the balance is exact: 50 − 200 × 0.0125 = 47.50, with 200 debits, not one more.
     */
    @Test
    @Order(7)
    void walletDownWhile200EventsAreTracked() throws Exception {
        String customer = accounts.fundedBalanceCustomer();
        // both stopped as an operator stops them (SIGTERM, graceful shutdown), at the same time
        tally.system.replicas(TallyService.WALLET).forEach(ServiceProcess::terminate);
        for (ServiceProcess wallet : tally.system.replicas(TallyService.WALLET)) {
            assertThat(wallet.awaitExit(Duration.ofSeconds(60)))
                    .as("wallet stopped")
                    .isPresent();
        }

        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<TrackResponse>> calls = new ArrayList<>();
        try {
            for (int i = 0; i < 200; i++) {
                int replica = i % SystemUnderTest.REPLICAS;
                calls.add(pool.submit(() -> clients.usage(replica).track(Events.units(customer, Billing.CALLS, "1"))));
            }
            for (Future<TrackResponse> call : calls) {
                assertThat(call.get().getEventId()).isNotEmpty();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(calls.stream().map(WholeSystemTest::join).map(TrackResponse::getDebitStatus))
                .containsOnly(DebitStatus.DEBIT_STATUS_PENDING);

        tally.restartAll(TallyService.WALLET);
        awaitNoPendingDebits(customer);
        accounts.awaitAvailable(customer, USD, "47.50");
        assertThat(accounts.debits(customer, USD)).isEqualTo(200);
        assertThat(tally.count(
                        TallyService.USAGE, "SELECT count(*) FROM usage_event WHERE customer_id = '" + customer + "'"))
                .isEqualTo(200);
    }

    /**
     * Load from 2 clients while each service in turn loses a replica to a {@code kill -9} (A, B, A, B;
     * each is started again at once, as a supervisor would, while the next crash happens), then PostgreSQL is stopped
     * immediately and started again. Nothing acknowledged is lost (every acknowledged key is one
     * stored event), nothing is charged twice (one debit per event, balance exact), and every
     * replica of every service is SERVING again and answers calls without being told anything.
     */
    @Test
    @Order(8)
    void killEachServiceInTurnAndRestartPostgresUnderLoad() {
        String customer = accounts.fundedBalanceCustomer();
        Map<String, String> acknowledged;
        Load load = new Load(clients, customer, Billing.CALLS, 2);
        try {
            load.awaitMore(20, "before the first crash");
            List<CompletableFuture<Duration>> restarts = new ArrayList<>();
            int replica = 0;
            for (TallyService service : TallyService.values()) {
                int killed = replica;
                tally.system.kill(service, killed);
                load.awaitMore(20, "with " + service + " " + killed + " killed");
                restarts.add(CompletableFuture.supplyAsync(() -> tally.restart(service, killed)));
                replica = (replica + 1) % SystemUnderTest.REPLICAS; // the next crash hits the other side
            }
            restarts.forEach(CompletableFuture::join);
            load.awaitMore(20, "after every killed replica restarted");
            tally.system.restartDatabaseImmediately();
            clients.resetConnectBackoff();
            load.awaitMore(20, "after PostgreSQL restarted");
        } finally {
            load.close();
        }
        acknowledged = load.acknowledged();
        assertThat(load.abandoned()).as("events never acknowledged").isEmpty();
        System.out.printf(
                "WholeSystemTest: %d events acknowledged under crashes (%d failed attempts retried)%n",
                acknowledged.size(), load.failedAttempts());

        // nothing lost, nothing doubled: one stored event per acknowledged key, with the acknowledged id
        List<UsageEvent> stored = Events.list(clients, 1, customer);
        assertThat(stored).hasSize(acknowledged.size());
        assertThat(stored.stream().collect(Collectors.toMap(UsageEvent::getIdempotencyKey, UsageEvent::getEventId)))
                .isEqualTo(acknowledged);
        awaitNoPendingDebits(customer);
        BigDecimal expected =
                new BigDecimal("50").subtract(CALL_PRICE.multiply(BigDecimal.valueOf(acknowledged.size())));
        accounts.awaitAvailable(customer, USD, expected.toPlainString());
        assertThat(accounts.debits(customer, USD)).isEqualTo(acknowledged.size());

        // every replica recovered by itself: SERVING, and answering real calls
        for (TallyService service : TallyService.values()) {
            for (ServiceProcess process : tally.system.replicas(service)) {
                eventually(service + " on " + process.port() + " SERVING", WAIT)
                        .until(() -> serving(process, service.grpcService()));
            }
        }
        for (int replica = 0; replica < SystemUnderTest.REPLICAS; replica++) {
            // a client's channel to a restarted server may still be in its reconnect backoff: poll, as a client retries
            int r = replica;
            TrackRequest one = Events.units(customer, Billing.CALLS, "1");
            eventually("usage replica " + r + " tracks", WAIT)
                    .until(() -> !clients.usage(r).track(one).getEventId().isEmpty());
            eventually("catalog replica " + r + " prices", WAIT)
                    .until(() -> !model(r, Events.MODEL).getPriceVersionId().isEmpty());
            eventually("invoice replica " + r + " previews", WAIT)
                    .until(() -> clients.invoice(r)
                            .getUpcomingInvoice(GetUpcomingInvoiceRequest.newBuilder()
                                    .setCustomerId(customer)
                                    .build())
                            .getInvoice()
                            .getCustomerId()
                            .equals(customer));
        }
        accounts.awaitAvailable(
                customer,
                USD,
                expected.subtract(CALL_PRICE.multiply(BigDecimal.valueOf(2))).toPlainString());
    }

    // ------------------------------------------------------------------------------------ helpers

    /** grpc.health.v1 says SERVING for the whole server and for its main service. */
    private static boolean serving(ServiceProcess process, String grpcService) {
        try (GrpcProbe probe = new GrpcProbe("localhost", process.port())) {
            return probe.health("") == HealthCheckResponse.ServingStatus.SERVING
                    && probe.health(grpcService) == HealthCheckResponse.ServingStatus.SERVING;
        }
    }

    private PriceVersion model(int replica, String model) {
        return clients.catalog(replica)
                .getModel(GetModelRequest.newBuilder().setModel(model).build())
                .getModel()
                .getCurrentPrice();
    }

    /** Waits until every usage replica has the customer's events debited (none pending). */
    private void awaitNoPendingDebits(String customer) {
        for (int replica = 0; replica < SystemUnderTest.REPLICAS; replica++) {
            int r = replica;
            eventually("usage replica " + r + " reports no pending debits", WAIT)
                    .until(() -> clients.usage(r)
                                    .getUsage(GetUsageRequest.newBuilder()
                                            .setCustomerId(customer)
                                            .build())
                                    .getPendingDebitCount()
                            == 0);
        }
    }

    private static dev.tally.common.v1.TimeRange around(Instant t) {
        return dev.tally.common.v1.TimeRange.newBuilder()
                .setStartTime(Billing.timestamp(t.minus(Duration.ofHours(1))))
                .setEndTime(Billing.timestamp(t.plus(Duration.ofHours(1))))
                .build();
    }

    private static <T> T join(Future<T> future) {
        try {
            return future.get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
