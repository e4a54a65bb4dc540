package dev.tally.usage.client;

import dev.tally.support.grpc.ConnectBackoff;
import dev.tally.usage.config.UsageConfig;
import dev.tally.wallet.v1.CaptureRequest;
import dev.tally.wallet.v1.CaptureResponse;
import dev.tally.wallet.v1.DebitBatchRequest;
import dev.tally.wallet.v1.DebitBatchResponse;
import dev.tally.wallet.v1.DebitRequest;
import dev.tally.wallet.v1.GetBalanceRequest;
import dev.tally.wallet.v1.GetBalanceResponse;
import dev.tally.wallet.v1.MutinyWalletServiceGrpc;
import dev.tally.wallet.v1.ReleaseRequest;
import dev.tally.wallet.v1.ReleaseResponse;
import dev.tally.wallet.v1.ReserveRequest;
import dev.tally.wallet.v1.ReserveResponse;
import dev.tally.wallet.v1.ReverseDebitRequest;
import dev.tally.wallet.v1.ReverseDebitResponse;
import io.grpc.Channel;
import io.quarkus.grpc.GrpcClient;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.concurrent.TimeUnit;

/** The wallet-service calls usage-service makes, each with the configured deadline. */
@ApplicationScoped
public class WalletGateway {

    private final MutinyWalletServiceGrpc.MutinyWalletServiceStub wallet;
    private final Channel channel;
    private final long deadlineMillis;

    WalletGateway(@GrpcClient("wallet") MutinyWalletServiceGrpc.MutinyWalletServiceStub wallet,
                  @GrpcClient("wallet") Channel channel, UsageConfig config) {
        this.wallet = wallet;
        this.channel = channel;
        this.deadlineMillis = config.wallet().deadline().toMillis();
    }

    /** After wallet-service was down: the next call connects at once, not after gRPC's backoff (the outbox's poll). */
    public void connectNow() {
        ConnectBackoff.reset(channel);
    }

    private MutinyWalletServiceGrpc.MutinyWalletServiceStub stub() {
        return wallet.withDeadlineAfter(deadlineMillis, TimeUnit.MILLISECONDS);
    }

    public Uni<DebitBatchResponse> debitBatch(List<DebitRequest> debits) {
        return Traced.here(() -> stub().debitBatch(DebitBatchRequest.newBuilder().addAllDebits(debits).build()));
    }

    public Uni<CaptureResponse> capture(CaptureRequest request) {
        return Traced.here(() -> stub().capture(request));
    }

    public Uni<ReleaseResponse> release(ReleaseRequest request) {
        return Traced.here(() -> stub().release(request));
    }

    public Uni<ReverseDebitResponse> reverse(ReverseDebitRequest request) {
        return Traced.here(() -> stub().reverseDebit(request));
    }

    public Uni<ReserveResponse> reserve(ReserveRequest request) {
        return Traced.here(() -> stub().reserve(request));
    }

    public Uni<GetBalanceResponse> balance(String customerId, String unit) {
        return stub().getBalance(GetBalanceRequest.newBuilder().setCustomerId(customerId).setCurrencyCode(unit).build());
    }
}
