package dev.tally.testing.wallet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.Timestamp;
import dev.tally.common.v1.Money;
import dev.tally.common.v1.TimeRange;
import dev.tally.wallet.v1.DebitBatchRequest;
import dev.tally.wallet.v1.DebitBatchResponse;
import dev.tally.wallet.v1.DebitRequest;
import dev.tally.wallet.v1.GetBalanceRequest;
import dev.tally.wallet.v1.GrantCreditsRequest;
import dev.tally.wallet.v1.GrantSource;
import dev.tally.wallet.v1.SettleShortfallRequest;
import dev.tally.wallet.v1.WalletServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What tests arrange, switch and observe on {@link FakeWallet} beyond the contract. */
class FakeWalletTest {

    private final FakeWallet fake = new FakeWallet();
    private Server server;
    private ManagedChannel channel;
    private WalletServiceGrpc.WalletServiceBlockingStub wallet;

    @BeforeEach
    void start() throws IOException {
        server = ServerBuilder.forPort(0).addService(fake).build().start();
        channel = ManagedChannelBuilder.forAddress("localhost", server.getPort())
                .usePlaintext()
                .build();
        wallet = WalletServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    @Test
    void aGrantArrangedByTheTestCoversDebitsOfAnyTimeAndThoseAreObserved() {
        fake.grant("c1", "USD", "10");
        DebitRequest debit = debit("c1", "2.5", "k1").toBuilder()
                .setOccurredTime(Timestamp.newBuilder()
                        .setSeconds(Instant.parse("2020-01-01T00:00:00Z").getEpochSecond()))
                .build();
        assertThat(wallet.debit(debit).getCovered().getAmount()).isEqualTo("2.5");
        assertThat(fake.available("c1", "USD")).isEqualByComparingTo("7.5");
        assertThat(fake.debitCount("c1")).isEqualTo(1);
        assertThat(fake.debitRequest("c1", "k1")).isEqualTo(debit);
        assertThat(fake.calls("Debit"))
                .singleElement()
                .satisfies(call -> assertThat(call.applied()).isTrue());
        assertThat(fake.available("nobody", "USD")).isEqualByComparingTo("0");
    }

    @Test
    void whileDownEveryCallIsUnavailableAndChangesNothing() {
        fake.setDown(true);
        assertThat(code(() -> wallet.debit(debit("c2", "1", "k")))).isEqualTo(Status.Code.UNAVAILABLE);
        fake.setDown(false);
        assertThat(fake.debitCount("c2")).isZero();
        assertThat(wallet.debit(debit("c2", "1", "k")).getDuplicate())
                .as("not applied before")
                .isFalse();
    }

    @Test
    void failedCallsChangeNothingAndALostAnswerWasApplied() {
        fake.failNext(1);
        assertThat(code(() -> wallet.grantCredits(grant("c3", "k1")))).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(fake.applied("GrantCredits", "c3")).isEmpty();
        fake.loseNextAnswers(1);
        assertThat(code(() -> wallet.grantCredits(grant("c3", "k2")))).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(fake.applied("GrantCredits", "c3")).hasSize(1);
        assertThat(wallet.grantCredits(grant("c3", "k2")).getDuplicate())
                .as("the retry replays it")
                .isTrue();
        assertThat(fake.grants("c3")).hasSize(1);
        assertThat(fake.calls("GrantCredits")).hasSize(3);
    }

    @Test
    void aRefusedCustomersDebitsFailForGoodAlsoInABatch() {
        fake.refuse("c4");
        assertThat(code(() -> wallet.debit(debit("c4", "1", "k1")))).isEqualTo(Status.Code.INVALID_ARGUMENT);
        DebitBatchResponse batch = wallet.debitBatch(DebitBatchRequest.newBuilder()
                .addDebits(debit("c4", "1", "k2"))
                .addDebits(debit("c5", "1", "k3"))
                .build());
        assertThat(batch.getResults(0).getError().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT.value());
        assertThat(batch.getResults(0).getError().getReason()).isEqualTo("VALIDATION_FAILED");
        assertThat(batch.getResults(1).hasDebit()).isTrue();
        assertThat(fake.debitCount("c4")).isZero();
    }

    @Test
    void shortfallArrangedByTheTestIsClaimedByTheNextSettlementWhateverItsRange() {
        fake.setShortfall("c6", "USD", "6.00");
        assertThat(wallet.getBalance(GetBalanceRequest.newBuilder()
                                .setCustomerId("c6")
                                .setCurrencyCode("USD")
                                .build())
                        .getBalances(0)
                        .getShortfall()
                        .getAmount())
                .isEqualTo("6");
        Instant end = Instant.now().minusSeconds(60);
        SettleShortfallRequest settle = SettleShortfallRequest.newBuilder()
                .setCustomerId("c6")
                .setCurrencyCode("USD")
                .setIdempotencyKey("settle")
                .setTimeRange(TimeRange.newBuilder()
                        .setStartTime(Timestamp.newBuilder().setSeconds(end.getEpochSecond() - 3600))
                        .setEndTime(Timestamp.newBuilder().setSeconds(end.getEpochSecond())))
                .build();
        assertThat(wallet.settleShortfall(settle).getSettled().getAmount()).isEqualTo("6");
        assertThat(fake.available("c6", "USD")).isEqualByComparingTo("0");
        fake.reset();
        assertThat(fake.calls("SettleShortfall")).isEmpty();
        assertThat(code(() -> wallet.getBalance(
                        GetBalanceRequest.newBuilder().setCustomerId("c6").build())))
                .isEqualTo(Status.Code.NOT_FOUND);
    }

    private static DebitRequest debit(String customer, String amount, String key) {
        return DebitRequest.newBuilder()
                .setCustomerId(customer)
                .setIdempotencyKey(key)
                .setAmount(Money.newBuilder().setAmount(amount).setCurrencyCode("USD"))
                .build();
    }

    private static GrantCreditsRequest grant(String customer, String key) {
        return GrantCreditsRequest.newBuilder()
                .setCustomerId(customer)
                .setIdempotencyKey(key)
                .setSource(GrantSource.GRANT_SOURCE_PACK)
                .setAmount(Money.newBuilder().setAmount("100").setCurrencyCode("CREDITS"))
                .build();
    }

    private static Status.Code code(Runnable call) {
        StatusRuntimeException failure = catchThrowableOfType(StatusRuntimeException.class, call::run);
        assertThat(failure).isNotNull();
        return failure.getStatus().getCode();
    }
}
