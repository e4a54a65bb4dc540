package dev.tally.wallet.grpc;

import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import dev.tally.support.error.TallyException;
import dev.tally.wallet.config.WalletConfig;
import dev.tally.wallet.domain.DebitResult;
import dev.tally.wallet.domain.LedgerEntry;
import dev.tally.wallet.domain.WalletCommand;
import dev.tally.wallet.store.BalanceQueries.LedgerQuery;
import dev.tally.wallet.store.BalanceQueries;
import dev.tally.wallet.store.BalanceWatch;
import dev.tally.wallet.store.BatchItem;
import dev.tally.wallet.store.WalletWrites;
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

import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The wallet's gRPC API ({@code tally.wallet.v1.WalletService}): maps requests to domain commands
 * and queries, and results to responses. What a call does is decided in the domain
 * ({@link dev.tally.wallet.domain.BalanceBook}) and run by the store.
 */
@GrpcService
public class WalletGrpcService extends MutinyWalletServiceGrpc.WalletServiceImplBase {

    private final WalletWrites writes;
    private final BalanceQueries queries;
    private final BalanceWatch watch;
    private final WalletConfig config;

    WalletGrpcService(WalletWrites writes, BalanceQueries queries, BalanceWatch watch, WalletConfig config) {
        this.writes = writes;
        this.queries = queries;
        this.watch = watch;
        this.config = config;
    }

    @Override
    public Uni<GetBalanceResponse> getBalance(GetBalanceRequest request) {
        return Uni.createFrom().item(() -> Requests.selection(request.getCustomerId(), request.getCurrencyCode()))
                .chain(selection -> queries.balances(selection.customerId(), selection.unit()))
                .map(Responses::getBalance);
    }

    @Override
    public Multi<WatchBalanceResponse> watchBalance(WatchBalanceRequest request) {
        return Uni.createFrom().item(() -> Requests.selection(request.getCustomerId(), request.getCurrencyCode()))
                .onItem().transformToMulti(selection -> watch.watch(selection.customerId(), selection.unit()))
                .map(Responses::watchEvent);
    }

    @Override
    public Uni<TopUpResponse> topUp(TopUpRequest request) {
        return apply(() -> Requests.topUp(request), Responses::topUp, TopUpResponse.parser());
    }

    @Override
    public Uni<GrantCreditsResponse> grantCredits(GrantCreditsRequest request) {
        return apply(() -> Requests.grantCredits(request), Responses::grantCredits, GrantCreditsResponse.parser());
    }

    @Override
    public Uni<DebitResponse> debit(DebitRequest request) {
        return apply(() -> Requests.debit(request), Responses::debit, DebitResponse.parser());
    }

    @Override
    public Uni<DebitBatchResponse> debitBatch(DebitBatchRequest request) {
        return Uni.createFrom().item(() -> debitItems(request))
                .chain(items -> writes.applyAll(items, Responses.replies(Responses::debit)))
                .map(outcomes -> {
                    DebitBatchResponse.Builder response = DebitBatchResponse.newBuilder();
                    outcomes.forEach(outcome -> response.addResults(Responses.debitBatchResult(outcome)));
                    return response.build();
                });
    }

    @Override
    public Uni<ReserveResponse> reserve(ReserveRequest request) {
        return apply(() -> Requests.reserve(request), Responses::reserve, ReserveResponse.parser());
    }

    @Override
    public Uni<CaptureResponse> capture(CaptureRequest request) {
        return apply(() -> Requests.capture(request), Responses::capture, CaptureResponse.parser(),
                Responses::captureDuplicate);
    }

    @Override
    public Uni<ReleaseResponse> release(ReleaseRequest request) {
        return apply(() -> Requests.release(request), Responses::release, ReleaseResponse.parser());
    }

    @Override
    public Uni<ReverseDebitResponse> reverseDebit(ReverseDebitRequest request) {
        return apply(() -> Requests.reverseDebit(request), Responses::reverseDebit, ReverseDebitResponse.parser());
    }

    @Override
    public Uni<ExpireGrantsResponse> expireGrants(ExpireGrantsRequest request) {
        return apply(() -> Requests.expireGrants(request), Responses::expireGrants, ExpireGrantsResponse.parser());
    }

    @Override
    public Uni<SettleShortfallResponse> settleShortfall(SettleShortfallRequest request) {
        return apply(() -> Requests.settleShortfall(request), Responses::settleShortfall,
                SettleShortfallResponse.parser());
    }

    @Override
    public Uni<ListTransactionsResponse> listTransactions(ListTransactionsRequest request) {
        return Uni.createFrom().item(() -> Requests.listTransactions(request))
                .chain(query -> queries.ledger(query).map(entries -> page(query, entries)));
    }

    @Override
    public Uni<SetLowBalanceThresholdResponse> setLowBalanceThreshold(SetLowBalanceThresholdRequest request) {
        return apply(() -> Requests.lowBalanceThreshold(request), Responses::lowBalanceThreshold,
                SetLowBalanceThresholdResponse.parser());
    }

    /** Runs one idempotent command; the response stored for replays is the one returned now. */
    private <R, P extends Message> Uni<P> apply(Supplier<WalletCommand<R>> command, Function<R, P> response,
                                                Parser<P> parser) {
        return apply(command, response, parser, UnaryOperator.identity());
    }

    /** As above; {@code alsoDuplicate} marks nested responses of a replay. */
    private <R, P extends Message> Uni<P> apply(Supplier<WalletCommand<R>> command, Function<R, P> response,
                                                Parser<P> parser, UnaryOperator<P> alsoDuplicate) {
        return Uni.createFrom().item(command)
                .chain(valid -> writes.apply(valid, Responses.replies(response)))
                .map(outcome -> Responses.reply(outcome, parser, alsoDuplicate));
    }

    private List<BatchItem<DebitResult>> debitItems(DebitBatchRequest request) {
        int max = config.debitBatch().maxItems();
        if (request.getDebitsCount() == 0) {
            throw TallyException.invalid("debits", "must not be empty");
        }
        if (request.getDebitsCount() > max) {
            throw TallyException.invalid("debits", "must have at most " + max + " items, got " + request.getDebitsCount());
        }
        return request.getDebitsList().stream().map(Requests::debitItem).toList();
    }

    private static ListTransactionsResponse page(LedgerQuery query, List<LedgerEntry> entries) {
        int size = query.limit() - 1;
        ListTransactionsResponse.Builder response = ListTransactionsResponse.newBuilder();
        entries.stream().limit(size).forEach(entry -> response.addTransactions(Responses.transaction(entry)));
        if (entries.size() > size) {
            response.setNextPageToken(PageTokens.encode(entries.get(size - 1).entryId()));
        }
        return response.build();
    }
}
