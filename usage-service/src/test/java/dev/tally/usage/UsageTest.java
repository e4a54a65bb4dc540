package dev.tally.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.tally.common.v1.TokenCounts;
import dev.tally.invoice.v1.Plan;
import dev.tally.testing.PostgresResource;
import dev.tally.testing.TestDatabase;
import dev.tally.usage.support.Doubles;
import dev.tally.usage.support.InvoiceDouble;
import dev.tally.usage.support.TestClock;
import dev.tally.usage.v1.TokenUsage;
import dev.tally.usage.v1.TrackRequest;
import dev.tally.usage.v1.UsageServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.quarkus.test.common.http.TestHTTPResource;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base of the usage scenario tests: a channel to the running service, the doubles of catalog,
 * wallet and invoice, customers subscribed for a period around now, request helpers. Each test
 * uses its own customers.
 */
public abstract class UsageTest {

    @TestHTTPResource("/")
    URL serviceUrl;

    @Inject
    protected TestClock clock;

    protected ManagedChannel channel;
    protected UsageServiceGrpc.UsageServiceBlockingStub usage;

    @BeforeEach
    void openChannel() {
        channel = ManagedChannelBuilder.forAddress("localhost", serviceUrl.getPort())
                .usePlaintext()
                .build();
        usage = UsageServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
        Doubles.WALLET.setDown(false);
    }

    @AfterEach
    void closeChannel() throws InterruptedException {
        clock.reset();
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        assertAggregatesEqualARecount();
    }

    /** A new customer on {@code plan} for a period [now − 1 day, now + 29 days), grace 3 days. */
    protected static String customer(Plan plan) {
        String id = "c-" + UUID.randomUUID().toString().substring(0, 12);
        Instant now = Instant.now();
        Instant start = now.minus(Duration.ofDays(1));
        Instant end = now.plus(Duration.ofDays(29));
        Doubles.INVOICE.subscribe(
                id, new InvoiceDouble.PeriodTerms(plan, start, end, end.plus(Duration.ofDays(3)), false));
        return id;
    }

    protected static TrackRequest units(String customer, String feature, String value, String key) {
        TrackRequest.Builder b = TrackRequest.newBuilder()
                .setCustomerId(customer)
                .setFeatureCode(feature)
                .setIdempotencyKey(key);
        if (value != null) {
            b.setValue(value);
        }
        return b.build();
    }

    protected static TrackRequest tokens(
            String customer, String feature, String model, TokenCounts counts, String key) {
        return TrackRequest.newBuilder()
                .setCustomerId(customer)
                .setFeatureCode(feature)
                .setIdempotencyKey(key)
                .setTokenUsage(TokenUsage.newBuilder().setModel(model).setTokens(counts))
                .build();
    }

    protected static TokenCounts counts(long input, long output, long cacheRead) {
        return TokenCounts.newBuilder()
                .setInputTokens(input)
                .setOutputTokens(output)
                .setCacheReadTokens(cacheRead)
                .build();
    }

    protected static String key() {
        return "k-" + UUID.randomUUID();
    }

    /** The failure of a call, with its status code asserted. */
    protected static StatusRuntimeException fails(Status.Code code, Runnable call) {
        StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, call::run);
        assertThat(e).as("expected %s", code).isNotNull();
        assertThat(e.getStatus().getCode()).as(e.getStatus().toString()).isEqualTo(code);
        return e;
    }

    /** The ErrorInfo reason of a failure. */
    protected static String reason(StatusRuntimeException e) {
        com.google.rpc.Status status = StatusProto.fromThrowable(e);
        return status.getDetailsList().stream()
                .filter(a -> a.is(com.google.rpc.ErrorInfo.class))
                .findFirst()
                .map(a -> {
                    try {
                        return a.unpack(com.google.rpc.ErrorInfo.class).getReason();
                    } catch (com.google.protobuf.InvalidProtocolBufferException x) {
                        throw new IllegalStateException(x);
                    }
                })
                .orElse("");
    }

    protected static long sql(String query) {
        return TestDatabase.get().queryLong(PostgresResource.currentDatabase(), query);
    }

    protected static long events(String customer) {
        return sql("SELECT count(*) FROM usage_event WHERE customer_id = '" + customer + "'");
    }

    /** The aggregates always equal a recount of the raw events that count (not voided): checked after every test. */
    static void assertAggregatesEqualARecount() {
        String recount = "SELECT customer_id, period_start, feature_code, model_id, cost_currency, count(*) AS n,"
                + " sum(units) AS u, sum(input_tokens) AS t1, sum(output_tokens) AS t2, sum(cache_read_tokens) AS t3,"
                + " sum(cache_write_5m_tokens) AS t4, sum(cache_write_1h_tokens) AS t5, sum(reasoning_tokens) AS t6,"
                + " sum(provider_cost) AS pc, sum(charge_amount) AS ca, sum(margin_amount) AS ma"
                + " FROM usage_event WHERE void_time IS NULL GROUP BY 1, 2, 3, 4, 5";
        String kept = "SELECT customer_id, period_start, feature_code, model_id, cost_currency, event_count, units,"
                + " input_tokens, output_tokens, cache_read_tokens, cache_write_5m_tokens, cache_write_1h_tokens,"
                + " reasoning_tokens, provider_cost, charge_amount, margin_amount FROM usage_aggregate WHERE event_count > 0";
        assertThat(sql("SELECT count(*) FROM ((" + recount + ") EXCEPT (" + kept + ")) d"))
                .isZero();
        assertThat(sql("SELECT count(*) FROM ((" + kept + ") EXCEPT (" + recount + ")) d"))
                .isZero();
        assertThat(
                        sql(
                                "SELECT count(*) FROM usage_aggregate WHERE event_count = 0 AND (units <> 0 OR charge_amount <> 0)"))
                .isZero();
    }
}
