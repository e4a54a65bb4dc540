package dev.tally.invoice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import dev.tally.common.v1.Money;
import dev.tally.invoice.app.BillingRuns;
import dev.tally.invoice.fakes.FakeServices;
import dev.tally.invoice.fakes.FakeUsage;
import dev.tally.invoice.v1.BalanceFeature;
import dev.tally.invoice.v1.BalancePlan;
import dev.tally.invoice.v1.BillingInterval;
import dev.tally.invoice.v1.CreateCustomerRequest;
import dev.tally.invoice.v1.CreatePlanRequest;
import dev.tally.invoice.v1.CreateSubscriptionRequest;
import dev.tally.invoice.v1.CreateSubscriptionResponse;
import dev.tally.invoice.v1.CreditPack;
import dev.tally.invoice.v1.CreditsFeature;
import dev.tally.invoice.v1.CreditsPlan;
import dev.tally.invoice.v1.Customer;
import dev.tally.invoice.v1.Invoice;
import dev.tally.invoice.v1.InvoiceKind;
import dev.tally.invoice.v1.InvoiceServiceGrpc;
import dev.tally.invoice.v1.ListInvoicesRequest;
import dev.tally.invoice.v1.MeterType;
import dev.tally.invoice.v1.MeteredFeature;
import dev.tally.invoice.v1.MeteredPlan;
import dev.tally.invoice.v1.OverageRounding;
import dev.tally.invoice.v1.Plan;
import dev.tally.invoice.v1.PlanFeature;
import dev.tally.testing.PostgresResource;
import dev.tally.testing.TestDatabase;
import dev.tally.testing.wallet.FakeWallet;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base of the invoice-service scenario tests: a channel to the running service, the test doubles
 * of wallet and usage, the service's clock, the billing job, and builders for plans and customers.
 * Each test uses its own customers and plan codes.
 */
public abstract class InvoiceTest {

    protected static final Instant MARCH_1 = Instant.parse("2026-03-01T00:00:00Z");

    @TestHTTPResource("/")
    URL serviceUrl;

    @Inject
    protected TestClock clock;

    @Inject
    protected BillingRuns job;

    protected final FakeWallet wallet = FakeServices.WALLET;
    protected final FakeUsage usage = FakeServices.USAGE;
    protected ManagedChannel channel;
    protected InvoiceServiceGrpc.InvoiceServiceBlockingStub invoice;

    @BeforeEach
    void openChannel() {
        channel = ManagedChannelBuilder.forAddress("localhost", serviceUrl.getPort())
                .usePlaintext()
                .build();
        invoice = InvoiceServiceGrpc.newBlockingStub(channel).withInterceptors(deadlinePerCall());
        wallet.reset();
        usage.reset();
        clock.set(MARCH_1);
    }

    @AfterEach
    void closeChannel() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    /** A 60 s deadline for each call (withDeadlineAfter on a stub is one instant, whatever the calls that follow). */
    static ClientInterceptor deadlinePerCall() {
        return new ClientInterceptor() {
            @Override
            public <Q, R> ClientCall<Q, R> interceptCall(
                    MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
                return next.newCall(method, options.withDeadlineAfter(60, TimeUnit.SECONDS));
            }
        };
    }

    /** One run of the billing job, as the scheduler would run it. */
    protected BillingRuns.Run runJob() {
        try {
            return VertxContextSupport.subscribeAndAwait(() -> job.runOnce());
        } catch (Throwable e) {
            throw new AssertionError("billing job failed", e);
        }
    }

    protected static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    protected static String key() {
        return "key-" + UUID.randomUUID();
    }

    protected static Money usd(String amount) {
        return Money.newBuilder().setAmount(amount).setCurrencyCode("USD").build();
    }

    protected static PlanFeature feature(String code, MeterType meter) {
        return PlanFeature.newBuilder()
                .setFeatureCode(code)
                .setDisplayName(code)
                .setDisplayUnit(meter == MeterType.METER_TYPE_TOKENS ? "token" : code)
                .setMeterType(meter)
                .build();
    }

    /** "$base/month including {included} tokens, {price} per {block} tokens". */
    protected static Plan meteredPlan(
            String code, String base, String included, String block, String price, OverageRounding rounding) {
        return Plan.newBuilder()
                .setPlanCode(code)
                .setDisplayName(code)
                .setCurrencyCode("USD")
                .setBasePrice(usd(base))
                .setBillingInterval(BillingInterval.BILLING_INTERVAL_MONTH)
                .setMetered(MeteredPlan.newBuilder()
                        .addFeatures(MeteredFeature.newBuilder()
                                .setFeature(feature("chat_tokens", MeterType.METER_TYPE_TOKENS))
                                .setIncludedUnits(included)
                                .setOverageBlockSizeUnits(block)
                                .setOveragePricePerBlock(usd(price))
                                .setOverageRounding(rounding)))
                .build();
    }

    /** The brief's CREDITS plan: 1,000 credits per period; image 10, text 2, voice 25; a 500-credit pack. */
    protected static Plan creditsPlan(String code) {
        return Plan.newBuilder()
                .setPlanCode(code)
                .setDisplayName(code)
                .setCurrencyCode("USD")
                .setBasePrice(usd("20"))
                .setBillingInterval(BillingInterval.BILLING_INTERVAL_MONTH)
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
                                .setCreditsPerUnit("25")))
                .build();
    }

    /** The brief's BALANCE plan: ${base}/month, 20% margin on ai_chat. */
    protected static Plan balancePlan(String code, String base) {
        return Plan.newBuilder()
                .setPlanCode(code)
                .setDisplayName(code)
                .setCurrencyCode("USD")
                .setBasePrice(usd(base))
                .setBillingInterval(BillingInterval.BILLING_INTERVAL_MONTH)
                .setBalance(BalancePlan.newBuilder()
                        .addFeatures(BalanceFeature.newBuilder()
                                .setFeature(feature("ai_chat", MeterType.METER_TYPE_TOKENS))
                                .setMargin("0.20")))
                .build();
    }

    protected Plan createPlan(Plan plan) {
        return invoice.createPlan(CreatePlanRequest.newBuilder()
                        .setIdempotencyKey(key())
                        .setPlan(plan)
                        .build())
                .getPlan();
    }

    protected String createCustomer() {
        return createCustomer("USD");
    }

    /** A new customer billed in {@code currency} (ISO 4217). */
    protected String createCustomer(String currency) {
        String id = unique("cus");
        invoice.createCustomer(CreateCustomerRequest.newBuilder()
                .setIdempotencyKey(key())
                .setCustomer(Customer.newBuilder()
                        .setCustomerId(id)
                        .setDisplayName("Acme " + id)
                        .setEmail("billing@acme.test")
                        .setCurrencyCode(currency))
                .build());
        return id;
    }

    protected CreateSubscriptionResponse subscribe(String customerId, Plan plan) {
        return invoice.createSubscription(CreateSubscriptionRequest.newBuilder()
                .setIdempotencyKey(key())
                .setCustomerId(customerId)
                .setPlanId(plan.getPlanId())
                .build());
    }

    /** The status code, ErrorInfo reason and BadRequest fields of a failed call. */
    protected record Failure(Status.Code code, String reason, List<String> fields, String message) {}

    protected static Failure failure(Runnable call) {
        StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, call::run);
        assertThat(e).as("the call fails").isNotNull();
        com.google.rpc.Status status = StatusProto.fromThrowable(e);
        String reason = "";
        List<String> fields = List.of();
        if (status != null) {
            for (var any : status.getDetailsList()) {
                try {
                    if (any.is(ErrorInfo.class)) {
                        reason = any.unpack(ErrorInfo.class).getReason();
                    } else if (any.is(BadRequest.class)) {
                        fields = any.unpack(BadRequest.class).getFieldViolationsList().stream()
                                .map(BadRequest.FieldViolation::getField)
                                .toList();
                    }
                } catch (InvalidProtocolBufferException ex) {
                    throw new AssertionError(ex);
                }
            }
        }
        return new Failure(
                e.getStatus().getCode(), reason, fields, e.getStatus().getDescription());
    }

    protected static long count(String sql) {
        return TestDatabase.get().queryLong(PostgresResource.currentDatabase(), sql);
    }

    /** The customer's PERIOD invoices, newest first. */
    protected List<Invoice> periodInvoices(String customer) {
        return invoice.listInvoices(ListInvoicesRequest.newBuilder()
                        .setCustomerId(customer)
                        .setKind(InvoiceKind.INVOICE_KIND_PERIOD)
                        .build())
                .getInvoicesList();
    }
}
