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
import io.quarkus.grpc.GrpcClient;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * wallet-service as invoice-service uses it (gRPC client {@code wallet}: QUARKUS_GRPC_CLIENTS_WALLET_HOST
 * / _PORT). Every mutating call carries an idempotency key derived from what it does (the period
 * step, the purchase), so repeating it after a crash replays the first call.
 */
@ApplicationScoped
public class WalletClient {

    @GrpcClient("wallet")
    MutinyWalletServiceGrpc.MutinyWalletServiceStub wallet;

    public Uni<GrantCreditsResponse> grantCredits(GrantCreditsRequest request) {
        return OnContext.resume(wallet.grantCredits(request));
    }

    public Uni<TopUpResponse> topUp(TopUpRequest request) {
        return OnContext.resume(wallet.topUp(request));
    }

    public Uni<SettleShortfallResponse> settleShortfall(SettleShortfallRequest request) {
        return OnContext.resume(wallet.settleShortfall(request));
    }

    public Uni<ExpireGrantsResponse> expireGrants(ExpireGrantsRequest request) {
        return OnContext.resume(wallet.expireGrants(request));
    }

    public Uni<GetBalanceResponse> getBalance(GetBalanceRequest request) {
        return OnContext.resume(wallet.getBalance(request));
    }
}
