package dev.tally.invoice.client;

import dev.tally.wallet.v1.ExpireGrantsRequest;
import dev.tally.wallet.v1.ExpireGrantsResponse;
import dev.tally.wallet.v1.GetBalanceRequest;
import dev.tally.wallet.v1.GetBalanceResponse;
import dev.tally.wallet.v1.GrantCreditsRequest;
import dev.tally.wallet.v1.GrantCreditsResponse;
import dev.tally.wallet.v1.MutinyWalletServiceGrpc;
import dev.tally.wallet.v1.SettleShortfallRequest;
import dev.tally.wallet.v1.SettleShortfallResponse;
import dev.tally.wallet.v1.TopUpRequest;
import dev.tally.wallet.v1.TopUpResponse;
import dev.tally.invoice.config.InvoiceConfig;
import io.quarkus.grpc.GrpcClient;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.TimeUnit;

/**
 * wallet-service as invoice-service uses it (gRPC client {@code wallet}: QUARKUS_GRPC_CLIENTS_WALLET_HOST
 * / _PORT). Every mutating call carries an idempotency key derived from what it does (the period
 * step, the purchase), so repeating it after a crash replays the first call.
 */
@ApplicationScoped
public class WalletClient {

    private final MutinyWalletServiceGrpc.MutinyWalletServiceStub stub;
    private final long deadlineMillis;

    WalletClient(@GrpcClient("wallet") MutinyWalletServiceGrpc.MutinyWalletServiceStub stub, InvoiceConfig config) {
        this.stub = stub;
        this.deadlineMillis = config.callDeadline().toMillis();
    }

    /** The stub with a deadline counted from now. */
    private MutinyWalletServiceGrpc.MutinyWalletServiceStub wallet() {
        return stub.withDeadlineAfter(deadlineMillis, TimeUnit.MILLISECONDS);
    }

    public Uni<GrantCreditsResponse> grantCredits(GrantCreditsRequest request) {
        return OnContext.resume(wallet().grantCredits(request));
    }

    public Uni<TopUpResponse> topUp(TopUpRequest request) {
        return OnContext.resume(wallet().topUp(request));
    }

    public Uni<SettleShortfallResponse> settleShortfall(SettleShortfallRequest request) {
        return OnContext.resume(wallet().settleShortfall(request));
    }

    public Uni<ExpireGrantsResponse> expireGrants(ExpireGrantsRequest request) {
        return OnContext.resume(wallet().expireGrants(request));
    }

    public Uni<GetBalanceResponse> getBalance(GetBalanceRequest request) {
        return OnContext.resume(wallet().getBalance(request));
    }
}
