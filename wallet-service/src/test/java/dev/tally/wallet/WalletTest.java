package dev.tally.wallet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;
import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import dev.tally.common.v1.Money;
import dev.tally.common.v1.TimeRange;
import dev.tally.support.error.Reason;
import dev.tally.testing.PostgresResource;
import dev.tally.testing.StreamRecorder;
import dev.tally.testing.TestDatabase;
import dev.tally.testing.Waits;
import dev.tally.wallet.v1.Balance;
import dev.tally.wallet.v1.BalanceView;
import dev.tally.wallet.v1.DebitRequest;
import dev.tally.wallet.v1.DebitResponse;
import dev.tally.wallet.v1.GetBalanceRequest;
import dev.tally.wallet.v1.GrantCreditsRequest;
import dev.tally.wallet.v1.GrantCreditsResponse;
import dev.tally.wallet.v1.GrantSource;
import dev.tally.wallet.v1.SettleShortfallRequest;
import dev.tally.wallet.v1.SettleShortfallResponse;
import dev.tally.wallet.v1.WalletServiceGrpc;
import dev.tally.wallet.v1.WatchBalanceRequest;
import dev.tally.wallet.v1.WatchBalanceResponse;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.MethodDescriptor;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.quarkus.test.common.http.TestHTTPResource;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base of the wallet's gRPC scenario tests: a channel to the running service, request helpers, and
 * the ledger invariant checked after every test. Each test uses its own customers.
 */
public abstract class WalletTest {

    @TestHTTPResource("/")
    URL serviceUrl;

    /** The service's clock: tests move it to cross period boundaries and hold expiries. */
    @Inject
    protected TestClock clock;

    protected ManagedChannel channel;
    protected WalletServiceGrpc.WalletServiceBlockingStub wallet;

    @BeforeEach
    void openChannel() {
        channel = ManagedChannelBuilder.forAddress("localhost", serviceUrl.getPort())
                .usePlaintext()
                .build();
        // 60 s per call (a stub's withDeadlineAfter would be one deadline for the whole test, which a
        // long test on a busy machine outlasts)
        wallet = WalletServiceGrpc.newBlockingStub(channel).withInterceptors(new ClientInterceptor() {
            @Override
            public <Q, A> ClientCall<Q, A> interceptCall(
                    MethodDescriptor<Q, A> method, CallOptions options, Channel next) {
                return next.newCall(method, options.withDeadlineAfter(60, TimeUnit.SECONDS));
            }
        });
    }

    @AfterEach
    void closeChannelAndCheckLedger() throws InterruptedException {
        clock.reset();
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        LedgerInvariant.assertHolds(database());
    }

    protected static String database() {
        return PostgresResource.currentDatabase();
    }

    protected static String newCustomer() {
        return "cust-" + UUID.randomUUID();
    }

    protected static String newKey() {
        return "key-" + UUID.randomUUID();
    }

    protected static Money credits(String amount) {
        return Money.newBuilder().setAmount(amount).setCurrencyCode("CREDITS").build();
    }

    protected static Money usd(String amount) {
        return Money.newBuilder().setAmount(amount).setCurrencyCode("USD").build();
    }

    protected static Timestamp timestamp(Instant instant) {
        return Timestamp.newBuilder()
                .setSeconds(instant.getEpochSecond())
                .setNanos(instant.getNano())
                .build();
    }

    /** Grants {@code amount} from {@code source}; {@code expiresAt} null for never. */
    protected GrantCreditsResponse grant(String customerId, Money amount, GrantSource source, Instant expiresAt) {
        GrantCreditsRequest.Builder request = GrantCreditsRequest.newBuilder()
                .setCustomerId(customerId)
                .setAmount(amount)
                .setSource(source)
                .setIdempotencyKey(newKey());
        if (expiresAt != null) {
            request.setExpireTime(timestamp(expiresAt));
        }
        return wallet.grantCredits(request.build());
    }

    /** Grants {@code amount} in force from {@code effective} until {@code expire} (null: never). */
    protected GrantCreditsResponse grant(
            String customerId, Money amount, GrantSource source, Instant effective, Instant expire) {
        GrantCreditsRequest.Builder request = GrantCreditsRequest.newBuilder()
                .setCustomerId(customerId)
                .setAmount(amount)
                .setSource(source)
                .setEffectiveTime(timestamp(effective))
                .setIdempotencyKey(newKey());
        if (expire != null) {
            request.setExpireTime(timestamp(expire));
        }
        return wallet.grantCredits(request.build());
    }

    /** A debit of usage that occurred at {@code occurred}. */
    protected DebitResponse debitAt(String customerId, Money amount, Instant occurred) {
        return wallet.debit(debitRequest(customerId, amount, newKey()).toBuilder()
                .setOccurredTime(timestamp(occurred))
                .build());
    }

    /** Claims the shortfall of [start, end) for invoice {@code reference}. */
    protected SettleShortfallResponse settle(
            String customerId, String unit, Instant start, Instant end, String reference) {
        return wallet.settleShortfall(SettleShortfallRequest.newBuilder()
                .setCustomerId(customerId)
                .setCurrencyCode(unit)
                .setReference(reference)
                .setIdempotencyKey(newKey())
                .setTimeRange(
                        TimeRange.newBuilder().setStartTime(timestamp(start)).setEndTime(timestamp(end)))
                .build());
    }

    protected static DebitRequest debitRequest(String customerId, Money amount, String key) {
        return DebitRequest.newBuilder()
                .setCustomerId(customerId)
                .setAmount(amount)
                .setIdempotencyKey(key)
                .setReference("evt-" + key)
                .build();
    }

    protected DebitResponse debit(String customerId, Money amount) {
        return wallet.debit(debitRequest(customerId, amount, newKey()));
    }

    /** The balance with its grants (view FULL). */
    protected Balance balance(String customerId, String unit) {
        return wallet.getBalance(GetBalanceRequest.newBuilder()
                        .setCustomerId(customerId)
                        .setCurrencyCode(unit)
                        .setView(BalanceView.BALANCE_VIEW_FULL)
                        .build())
                .getBalances(0);
    }

    /**
     * Cuts the service's LISTEN connection (the one that carries balance changes across replicas),
     * waiting for one to exist: while it is being re-established there is none to cut.
     */
    protected static void cutTheListeningConnection() {
        await("a listening connection to cut")
                .atMost(Waits.PATIENTLY)
                .until(() -> TestDatabase.get()
                                .queryLong(
                                        database(),
                                        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                                                + " AND query LIKE 'LISTEN%' AND pg_terminate_backend(pid)")
                        > 0);
    }

    /** Runs a call expected to fail; checks its code (the reason's) and ErrorInfo reason, returns the status. */
    protected static StatusRuntimeException assertFails(ThrowableAssert.ThrowingCallable call, Reason reason) {
        StatusRuntimeException failure = catchThrowableOfType(StatusRuntimeException.class, call);
        assertThat(failure).as("the call fails").isNotNull();
        assertThat(failure.getStatus().getCode()).isEqualTo(reason.code());
        assertThat(errorInfo(failure).getReason()).isEqualTo(reason.name());
        return failure;
    }

    protected static ErrorInfo errorInfo(StatusRuntimeException failure) {
        return details(failure, ErrorInfo.class).get(0);
    }

    /** The fields named by the BadRequest detail. */
    protected static List<String> badFields(StatusRuntimeException failure) {
        return details(failure, BadRequest.class).stream()
                .flatMap(bad -> bad.getFieldViolationsList().stream())
                .map(BadRequest.FieldViolation::getField)
                .toList();
    }

    private static <T extends Message> List<T> details(StatusRuntimeException failure, Class<T> type) {
        return StatusProto.fromThrowable(failure).getDetailsList().stream()
                .filter(any -> any.is(type))
                .map(any -> {
                    try {
                        return any.unpack(type);
                    } catch (InvalidProtocolBufferException e) {
                        throw new AssertionError(e);
                    }
                })
                .toList();
    }

    /** Opens a WatchBalance stream (close it to cancel). */
    protected Watch watch(String customer, String unit) {
        Context.CancellableContext context = Context.current().withCancellation();
        StreamRecorder<WatchBalanceResponse> events = new StreamRecorder<>();
        context.run(() -> WalletServiceGrpc.newStub(channel)
                .watchBalance(
                        WatchBalanceRequest.newBuilder()
                                .setCustomerId(customer)
                                .setCurrencyCode(unit)
                                .build(),
                        events));
        return new Watch(context, events);
    }

    /** A WatchBalance stream and its events. */
    protected record Watch(Context.CancellableContext context, StreamRecorder<WatchBalanceResponse> events)
            implements AutoCloseable {
        @Override
        public void close() {
            context.cancel(null);
        }
    }
}
