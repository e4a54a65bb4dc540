package dev.tally.wallet.grpc;

import com.google.protobuf.MessageLite;
import dev.tally.support.auth.Scopes;
import dev.tally.support.error.TallyException;
import dev.tally.support.idempotency.Replies;
import dev.tally.support.server.ShutdownSignal;
import dev.tally.wallet.app.BalanceReads;
import dev.tally.wallet.app.BalanceWatch;
import dev.tally.wallet.app.WalletWrites;
import dev.tally.wallet.config.WalletConfig;
import dev.tally.wallet.domain.BalanceView;
import dev.tally.wallet.domain.WalletCommand;
import dev.tally.wallet.v1.CaptureRequest;
import dev.tally.wallet.v1.CaptureResponse;
import dev.tally.wallet.v1.DebitBatchRequest;
import dev.tally.wallet.v1.DebitBatchResponse;
import dev.tally.wallet.v1.DebitRequest;
import dev.tally.wallet.v1.DebitResponse;
import dev.tally.wallet.v1.ExpireGrantsRequest;
import dev.tally.wallet.v1.ExpireGrantsResponse;
import dev.tally.wallet.v1.GetBalanceRequest;
import dev.tally.wallet.v1.GetBalanceResponse;
import dev.tally.wallet.v1.GrantCreditsRequest;
import dev.tally.wallet.v1.GrantCreditsResponse;
import dev.tally.wallet.v1.ListTransactionsRequest;
import dev.tally.wallet.v1.ListTransactionsResponse;
import dev.tally.wallet.v1.MutinyWalletServiceGrpc;
import dev.tally.wallet.v1.ReleaseRequest;
import dev.tally.wallet.v1.ReleaseResponse;
import dev.tally.wallet.v1.ReserveRequest;
import dev.tally.wallet.v1.ReserveResponse;
import dev.tally.wallet.v1.ReverseDebitRequest;
import dev.tally.wallet.v1.ReverseDebitResponse;
import dev.tally.wallet.v1.SetLowBalanceThresholdRequest;
import dev.tally.wallet.v1.SetLowBalanceThresholdResponse;
import dev.tally.wallet.v1.SettleShortfallRequest;
import dev.tally.wallet.v1.SettleShortfallResponse;
import dev.tally.wallet.v1.TopUpRequest;
import dev.tally.wallet.v1.TopUpResponse;
import dev.tally.wallet.v1.WatchBalanceRequest;
import dev.tally.wallet.v1.WatchBalanceResponse;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The wallet's gRPC API ({@code tally.wallet.v1.WalletService}), thin: each RPC checks its request
 * into a domain command or query ({@code *Requests}), runs it (writes, queries, watch) and maps the
 * result ({@code *Responses}). What a call does is decided in the domain
 * ({@link dev.tally.wallet.domain.BalanceBook}) and run by the application layer ({@link WalletWrites}
 * in one transaction, given the response mapper and its {@code Replies} codec for the stored reply).
 */
@GrpcService
public class WalletGrpcService extends MutinyWalletServiceGrpc.WalletServiceImplBase {

    private final WalletWrites writes;
    private final BalanceReads reads;
    private final BalanceWatch watch;
    private final WalletConfig config;
    private final ShutdownSignal shutdown;

    WalletGrpcService(
            WalletWrites writes, BalanceReads reads, BalanceWatch watch, WalletConfig config, ShutdownSignal shutdown) {
        this.writes = writes;
        this.reads = reads;
        this.watch = watch;
        this.config = config;
        this.shutdown = shutdown;
    }

    /** From memory when the balance cache has the customer (no Mutiny stage then), else from PostgreSQL. */
    @Override
    @RolesAllowed(Scopes.BALANCE_READ)
    public Uni<GetBalanceResponse> getBalance(GetBalanceRequest request) {
        BalanceRequests.BalanceRead read;
        try {
            read = BalanceRequests.getBalance(request);
        } catch (TallyException invalid) {
            return Uni.createFrom().failure(invalid);
        }
        String customerId = read.selection().customerId();
        String unit = read.selection().unit();
        List<BalanceView> cached = reads.cachedBalances(customerId, unit);
        if (cached != null) {
            return Uni.createFrom().item(BalanceResponses.getBalance(cached, read.withGrants()));
        }
        return reads.balances(customerId, unit)
                .map(balances -> BalanceResponses.getBalance(balances, read.withGrants()));
    }

    @Override
    @RolesAllowed(Scopes.BALANCE_READ)
    public Multi<WatchBalanceResponse> watchBalance(WatchBalanceRequest request) {
        return shutdown.endOnShutdown(Uni.createFrom()
                .item(() -> BalanceRequests.selection(request.getCustomerId(), request.getCurrencyCode()))
                .onItem()
                .transformToMulti(selection -> watch.watch(selection.customerId(), selection.unit()))
                .map(BalanceResponses::watchEvent));
    }

    @Override
    @RolesAllowed(Scopes.WALLET_WRITE)
    public Uni<TopUpResponse> topUp(TopUpRequest request) {
        return apply(() -> GrantRequests.topUp(request), GrantResponses::topUp, GrantResponses.TOP_UP);
    }

    @Override
    @RolesAllowed(Scopes.WALLET_WRITE)
    public Uni<GrantCreditsResponse> grantCredits(GrantCreditsRequest request) {
        return apply(
                () -> GrantRequests.grantCredits(request, config.grant().lateLimit()),
                GrantResponses::grantCredits,
                GrantResponses.GRANT_CREDITS);
    }

    @Override
    @RolesAllowed(Scopes.WALLET_WRITE)
    public Uni<DebitResponse> debit(DebitRequest request) {
        return apply(() -> DebitRequests.debit(request), DebitResponses::debit, DebitResponses.DEBIT);
    }

    @Override
    @RolesAllowed(Scopes.WALLET_WRITE)
    public Uni<DebitBatchResponse> debitBatch(DebitBatchRequest request) {
        return Uni.createFrom()
                .item(() ->
                        DebitRequests.debitBatch(request, config.debitBatch().maxItems()))
                .chain(items -> writes.applyAll(items, DebitResponses::debit, DebitResponses.DEBIT))
                .map(DebitResponses::debitBatch);
    }

    @Override
    @RolesAllowed(Scopes.WALLET_WRITE)
    public Uni<ReserveResponse> reserve(ReserveRequest request) {
        return apply(() -> HoldRequests.reserve(request), HoldResponses::reserve, HoldResponses.RESERVE);
    }

    @Override
    @RolesAllowed(Scopes.WALLET_WRITE)
    public Uni<CaptureResponse> capture(CaptureRequest request) {
        return apply(() -> HoldRequests.capture(request), HoldResponses::capture, HoldResponses.CAPTURE);
    }

    @Override
    @RolesAllowed(Scopes.WALLET_WRITE)
    public Uni<ReleaseResponse> release(ReleaseRequest request) {
        return apply(() -> HoldRequests.release(request), HoldResponses::release, HoldResponses.RELEASE);
    }

    @Override
    @RolesAllowed(Scopes.WALLET_WRITE)
    public Uni<ReverseDebitResponse> reverseDebit(ReverseDebitRequest request) {
        return apply(
                () -> DebitRequests.reverseDebit(request), DebitResponses::reverseDebit, DebitResponses.REVERSE_DEBIT);
    }

    @Override
    @RolesAllowed(Scopes.WALLET_WRITE)
    public Uni<ExpireGrantsResponse> expireGrants(ExpireGrantsRequest request) {
        return apply(
                () -> GrantRequests.expireGrants(request), GrantResponses::expireGrants, GrantResponses.EXPIRE_GRANTS);
    }

    @Override
    @RolesAllowed(Scopes.WALLET_WRITE)
    public Uni<SettleShortfallResponse> settleShortfall(SettleShortfallRequest request) {
        return apply(
                () -> DebitRequests.settleShortfall(request),
                DebitResponses::settleShortfall,
                DebitResponses.SETTLE_SHORTFALL);
    }

    @Override
    @RolesAllowed(Scopes.BALANCE_READ)
    public Uni<ListTransactionsResponse> listTransactions(ListTransactionsRequest request) {
        return Uni.createFrom()
                .item(() -> BalanceRequests.listTransactions(request))
                .chain(listing -> reads.ledger(listing.query())
                        .map(entries -> BalanceResponses.listTransactions(listing, entries)));
    }

    @Override
    @RolesAllowed(Scopes.WALLET_WRITE)
    public Uni<SetLowBalanceThresholdResponse> setLowBalanceThreshold(SetLowBalanceThresholdRequest request) {
        return apply(
                () -> BalanceRequests.lowBalanceThreshold(request),
                BalanceResponses::lowBalanceThreshold,
                BalanceResponses.LOW_BALANCE_THRESHOLD);
    }

    /**
     * Runs one idempotent command; the response stored for replays is the one returned now. A
     * request that does not check out fails at once (no Mutiny stage for the check).
     */
    private <R, P extends MessageLite> Uni<P> apply(
            Supplier<WalletCommand<R>> command, Function<R, P> respond, Replies<P> replies) {
        WalletCommand<R> valid;
        try {
            valid = command.get();
        } catch (RuntimeException invalid) {
            return Uni.createFrom().failure(invalid);
        }
        return writes.apply(valid, respond, replies);
    }
}
