package dev.tally.usage.client;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.tally.common.v1.ItemError;
import dev.tally.kit.error.ItemErrors;
import dev.tally.support.grpc.ConnectBackoff;
import dev.tally.support.proto.ProtoTime;
import dev.tally.usage.config.UsageConfig;
import dev.tally.usage.domain.Hold;
import dev.tally.usage.domain.WalletBalance;
import dev.tally.usage.domain.WalletReply;
import dev.tally.wallet.v1.Balance;
import dev.tally.wallet.v1.CaptureRequest;
import dev.tally.wallet.v1.DebitBatchRequest;
import dev.tally.wallet.v1.DebitBatchResult;
import dev.tally.wallet.v1.DebitRequest;
import dev.tally.wallet.v1.DebitResponse;
import dev.tally.wallet.v1.GetBalanceRequest;
import dev.tally.wallet.v1.MutinyWalletServiceGrpc;
import dev.tally.wallet.v1.ReleaseRequest;
import dev.tally.wallet.v1.ReserveRequest;
import dev.tally.wallet.v1.ReserveResponse;
import dev.tally.wallet.v1.ReverseDebitRequest;
import io.grpc.Channel;
import io.grpc.Status;
import io.quarkus.grpc.GrpcClient;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The wallet-service calls usage-service makes, each with the configured deadline; requests are the
 * exact bytes the outbox holds ({@link WalletRequests}), answers the domain's {@link WalletReply}:
 * <ul>
 * <li>applied (or a replay): {@link WalletReply.Applied};</li>
 * <li>refused for good (INVALID_ARGUMENT, FAILED_PRECONDITION, NOT_FOUND, ALREADY_EXISTS, ...):
 * {@link WalletReply.Refused} with the wallet's error; for a capture or a release, FAILED_PRECONDITION
 * and NOT_FOUND mean the hold is gone: {@link WalletReply.HoldGone};</li>
 * <li>anything else (down, deadline, overloaded): {@link WalletReply.Unavailable}.</li>
 * </ul>
 */
@ApplicationScoped
public class WalletGateway {

    private final MutinyWalletServiceGrpc.MutinyWalletServiceStub wallet;
    private final Channel channel;
    private final long deadlineMillis;

    WalletGateway(
            @GrpcClient("wallet") MutinyWalletServiceGrpc.MutinyWalletServiceStub wallet,
            @GrpcClient("wallet") Channel channel,
            UsageConfig config) {
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

    /** One DebitBatch of DebitRequest bytes: one reply per debit, in order (never fails). */
    public Uni<List<WalletReply>> debitBatch(List<byte[]> debits) {
        DebitBatchRequest.Builder request = DebitBatchRequest.newBuilder();
        debits.forEach(d -> request.addDebits(parse(d, DebitRequest.parser())));
        return Traced.here(() -> stub().debitBatch(request.build()))
                .map(response -> {
                    List<WalletReply> replies = new ArrayList<>(debits.size());
                    for (int i = 0; i < debits.size(); i++) {
                        DebitBatchResult result = i < response.getResultsCount() ? response.getResults(i) : null;
                        if (result != null && result.hasDebit()) {
                            replies.add(applied(result.getDebit()));
                        } else if (result != null
                                && isPermanent(result.getError().getCode())) {
                            replies.add(new WalletReply.Refused(
                                    result.getError().toByteArray(),
                                    result.getError().getMessage()));
                        } else {
                            replies.add(new WalletReply.Unavailable(
                                    result == null
                                            ? "no result"
                                            : result.getError().getMessage()));
                        }
                    }
                    return replies;
                })
                .onFailure()
                .recoverWithItem(failure -> {
                    WalletReply reply = failed(failure);
                    return debits.stream().map(d -> reply).toList();
                });
    }

    /** A capture of CaptureRequest bytes (never fails). */
    public Uni<WalletReply> capture(byte[] capture) {
        return Traced.here(() -> stub().capture(parse(capture, CaptureRequest.parser())))
                .map(response -> applied(response.getDebit()))
                .onFailure()
                .recoverWithItem(WalletGateway::holdGoneOrFailed);
    }

    /** A release of ReleaseRequest bytes (never fails). */
    public Uni<WalletReply> release(byte[] release) {
        return Traced.here(() -> stub().release(parse(release, ReleaseRequest.parser())))
                .map(response -> (WalletReply) new WalletReply.Applied(null, null, null))
                .onFailure()
                .recoverWithItem(WalletGateway::holdGoneOrFailed);
    }

    /** A reversal of ReverseDebitRequest bytes, of the debit {@code debitId} (never fails). */
    public Uni<WalletReply> reverse(byte[] reversal, String debitId) {
        ReverseDebitRequest request = parse(reversal, ReverseDebitRequest.parser()).toBuilder()
                .setDebitId(debitId)
                .build();
        return Traced.here(() -> stub().reverseDebit(request))
                .map(response -> (WalletReply) new WalletReply.Applied(null, null, null))
                .onFailure()
                .recoverWithItem(WalletGateway::failed);
    }

    /**
     * A hold for a reserving Check; empty when the wallet refuses it (FAILED_PRECONDITION:
     * INSUFFICIENT_FUNDS, e.g. parallel reserves together exceed the balance); other failures fail.
     */
    public Uni<Optional<Reservation>> reserve(
            String customerId,
            BigDecimal amount,
            String unit,
            String idempotencyKey,
            String reference,
            String description,
            Instant expireTime) {
        ReserveRequest.Builder request = ReserveRequest.newBuilder()
                .setCustomerId(customerId)
                .setAmount(WalletRequests.money(amount, unit))
                .setIdempotencyKey(idempotencyKey)
                .setReference(reference)
                .setDescription(description);
        if (expireTime != null) {
            request.setExpireTime(ProtoTime.timestamp(expireTime));
        }
        return Traced.here(() -> stub().reserve(request.build()))
                .map(response -> Optional.of(reservation(response)))
                .onFailure(f -> Status.fromThrowable(f).getCode() == Status.Code.FAILED_PRECONDITION)
                .recoverWithItem(Optional::empty);
    }

    /** A placed hold and the balance after it. */
    public record Reservation(Hold hold, WalletBalance balance) {}

    /** The customer's balance of the unit ({@link WalletBalance#NONE} when the customer has no wallet yet). */
    public Uni<WalletBalance> balance(String customerId, String unit) {
        return stub().getBalance(GetBalanceRequest.newBuilder()
                        .setCustomerId(customerId)
                        .setCurrencyCode(unit)
                        .build())
                .map(r -> r.getBalancesCount() == 0 ? WalletBalance.NONE : balance(r.getBalances(0)))
                .onFailure(f -> Status.fromThrowable(f).getCode() == Status.Code.NOT_FOUND)
                .recoverWithItem(() -> WalletBalance.NONE);
    }

    private static Reservation reservation(ReserveResponse response) {
        var hold = response.getHold();
        var expire = hold.getExpireTime();
        return new Reservation(
                new Hold(
                        hold.getHoldId(),
                        decimal(hold.getAmount().getAmount()),
                        hold.getAmount().getCurrencyCode(),
                        Instant.ofEpochSecond(expire.getSeconds(), expire.getNanos())),
                balance(response.getBalance()));
    }

    private static WalletBalance balance(Balance b) {
        return new WalletBalance(
                decimal(b.getAvailable().getAmount()),
                decimal(b.getHeld().getAmount()),
                decimal(b.getShortfall().getAmount()));
    }

    private static WalletReply applied(DebitResponse debit) {
        return new WalletReply.Applied(
                debit.getDebitId().isEmpty() ? null : debit.getDebitId(),
                decimalOrNull(debit.getShortfall().getAmount()),
                decimalOrNull(debit.getBalanceAfter().getAmount()));
    }

    private static WalletReply holdGoneOrFailed(Throwable failure) {
        Status.Code code = Status.fromThrowable(failure).getCode();
        return code == Status.Code.FAILED_PRECONDITION || code == Status.Code.NOT_FOUND
                ? new WalletReply.HoldGone()
                : failed(failure);
    }

    /** A failed call: refused for good, or to try again. */
    private static WalletReply failed(Throwable failure) {
        Status status = Status.fromThrowable(failure);
        if (isPermanent(status.getCode().value())) {
            ItemError error = ItemErrors.of(failure);
            return new WalletReply.Refused(error.toByteArray(), error.getMessage());
        }
        return new WalletReply.Unavailable(status.getCode() + ": " + status.getDescription());
    }

    /** Errors that retrying the same request cannot cure. */
    static boolean isPermanent(int code) {
        return switch (Status.fromCodeValue(code).getCode()) {
            case INVALID_ARGUMENT,
                    FAILED_PRECONDITION,
                    NOT_FOUND,
                    ALREADY_EXISTS,
                    PERMISSION_DENIED,
                    OUT_OF_RANGE,
                    UNIMPLEMENTED,
                    UNAUTHENTICATED -> true;
            default -> false;
        };
    }

    static <T> T parse(byte[] request, com.google.protobuf.Parser<T> parser) {
        try {
            return parser.parseFrom(request);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("an outbox row holds an unreadable wallet request", e);
        }
    }

    private static BigDecimal decimal(String text) {
        return text == null || text.isEmpty() ? BigDecimal.ZERO : new BigDecimal(text);
    }

    private static BigDecimal decimalOrNull(String text) {
        return text == null || text.isEmpty() ? null : new BigDecimal(text);
    }
}
