package dev.tally.invoice.client;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.tally.common.v1.TimeRange;
import dev.tally.invoice.config.InvoiceConfig;
import dev.tally.invoice.domain.PeriodGrant;
import dev.tally.invoice.domain.PurchaseGrant;
import dev.tally.invoice.domain.Settlement;
import dev.tally.shared.money.Money;
import dev.tally.shared.plan.Period;
import dev.tally.support.error.GrpcErrors;
import dev.tally.support.error.TallyException;
import dev.tally.support.proto.ProtoTime;
import dev.tally.wallet.v1.Balance;
import dev.tally.wallet.v1.BalanceView;
import dev.tally.wallet.v1.ExpireGrantsRequest;
import dev.tally.wallet.v1.GetBalanceRequest;
import dev.tally.wallet.v1.GetBalanceResponse;
import dev.tally.wallet.v1.Grant;
import dev.tally.wallet.v1.GrantCreditsRequest;
import dev.tally.wallet.v1.GrantCreditsResponse;
import dev.tally.wallet.v1.GrantSource;
import dev.tally.wallet.v1.MutinyWalletServiceGrpc;
import dev.tally.wallet.v1.SettleShortfallRequest;
import dev.tally.wallet.v1.SettleShortfallResponse;
import dev.tally.wallet.v1.TopUpRequest;
import dev.tally.wallet.v1.TopUpResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * wallet-service as invoice-service uses it (gRPC client {@code wallet}: QUARKUS_GRPC_CLIENTS_WALLET_HOST
 * / _PORT). Every mutating call carries an idempotency key derived from what it does (the period
 * step, the purchase), so repeating it after a crash replays the first call. The answers a period
 * step records are the wallet's responses as received ({@code byte[]}).
 */
@ApplicationScoped
public class WalletClient {

    private final MutinyWalletServiceGrpc.MutinyWalletServiceStub stub;
    private final long deadlineMillis;

    WalletClient(@GrpcClient("wallet") MutinyWalletServiceGrpc.MutinyWalletServiceStub stub, InvoiceConfig config) {
        this.stub = stub;
        this.deadlineMillis = config.callDeadline().toMillis();
    }

    /**
     * A period's grant, in force exactly for the period (effective = its start, expire = its end,
     * period = its bounds). The period may have ended: the wallet accepts an expire_time in the past
     * up to its late-grant limit.
     *
     * @return the answer, as the GRANT step records it; null when the wallet refused the grant as
     *     later than its late-grant limit (INVALID_ARGUMENT on expire_time)
     */
    public Uni<byte[]> grantForPeriod(
            String customerId,
            PeriodGrant grant,
            Period period,
            String periodReference,
            String subscriptionId,
            String description,
            String idempotencyKey) {
        GrantCreditsRequest request = GrantCreditsRequest.newBuilder()
                .setCustomerId(customerId)
                .setAmount(money(grant.amount()))
                .setSource(
                        switch (grant.source()) {
                            case SUBSCRIPTION -> GrantSource.GRANT_SOURCE_SUBSCRIPTION;
                            case PERIOD_BALANCE -> GrantSource.GRANT_SOURCE_PERIOD_BALANCE;
                        })
                .setEffectiveTime(ProtoTime.timestamp(period.start()))
                .setExpireTime(ProtoTime.timestamp(period.end()))
                .setPeriod(TimeRange.newBuilder()
                        .setStartTime(ProtoTime.timestamp(period.start()))
                        .setEndTime(ProtoTime.timestamp(period.end())))
                .setPeriodReference(periodReference)
                .setReference(subscriptionId)
                .setDescription(description)
                .setIdempotencyKey(idempotencyKey)
                .build();
        return OnContext.resume(wallet().grantCredits(request))
                .map(GrantCreditsResponse::toByteArray)
                .onFailure(WalletClient::refusedAsTooLate)
                .recoverWithNull();
    }

    /** The wallet refused a grant for its expire_time: past the late-grant limit (the other checks hold by construction). */
    private static boolean refusedAsTooLate(Throwable failure) {
        if (!(failure instanceof StatusRuntimeException)) {
            return false;
        }
        TallyException e = GrpcErrors.toTallyException(failure);
        return e.code() == Status.Code.INVALID_ARGUMENT
                && e.violations().stream().anyMatch(v -> v.field().equals("expire_time"));
    }

    /** Claims the shortfall that occurred in {@code period} for the invoice {@code reference}. */
    public Uni<Settlement> settleShortfall(
            String customerId, String unit, Period period, String reference, String idempotencyKey) {
        SettleShortfallRequest request = SettleShortfallRequest.newBuilder()
                .setCustomerId(customerId)
                .setCurrencyCode(unit)
                .setTimeRange(TimeRange.newBuilder()
                        .setStartTime(ProtoTime.timestamp(period.start()))
                        .setEndTime(ProtoTime.timestamp(period.end())))
                .setReference(reference)
                .setIdempotencyKey(idempotencyKey)
                .build();
        return OnContext.resume(wallet().settleShortfall(request)).map(response -> settlement(response, unit));
    }

    /** A settlement as a SETTLE step recorded it, in {@code unit}. */
    public Settlement recordedSettlement(byte[] recorded, String unit) {
        try {
            return settlement(SettleShortfallResponse.parseFrom(recorded), unit);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("a recorded settlement is unreadable", e);
        }
    }

    /**
     * Expires what is left of the grants of {@code periodReference} whose expire time has passed.
     *
     * @return the answer, as the EXPIRE step records it
     */
    public Uni<byte[]> expireGrants(
            String customerId, String unit, Instant expireTime, String periodReference, String idempotencyKey) {
        ExpireGrantsRequest request = ExpireGrantsRequest.newBuilder()
                .setCustomerId(customerId)
                .setCurrencyCode(unit)
                .setExpireTime(ProtoTime.timestamp(expireTime))
                .setPeriodReference(periodReference)
                .setIdempotencyKey(idempotencyKey)
                .build();
        return OnContext.resume(wallet().expireGrants(request)).map(response -> response.toByteArray());
    }

    /** The grant as a purchase stores it: the exact wallet request it sends. */
    public byte[] encode(PurchaseGrant grant) {
        return switch (grant.kind()) {
            case CREDIT_PACK -> packRequest(grant).toByteArray();
            case TOP_UP -> topUpRequest(grant).toByteArray();
        };
    }

    /** A grant a purchase stored ({@link #encode}). */
    public PurchaseGrant decode(PurchaseGrant.Kind kind, byte[] stored) {
        try {
            return switch (kind) {
                case CREDIT_PACK -> {
                    GrantCreditsRequest r = GrantCreditsRequest.parseFrom(stored);
                    yield new PurchaseGrant(
                            kind,
                            r.getCustomerId(),
                            money(r.getAmount()),
                            r.getReference(),
                            r.getDescription(),
                            r.getIdempotencyKey());
                }
                case TOP_UP -> {
                    TopUpRequest r = TopUpRequest.parseFrom(stored);
                    yield new PurchaseGrant(
                            kind,
                            r.getCustomerId(),
                            money(r.getAmount()),
                            r.getReference(),
                            r.getDescription(),
                            r.getIdempotencyKey());
                }
            };
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("a stored wallet request is unreadable", e);
        }
    }

    /**
     * Sends a purchase's stored grant ({@link #encode}) exactly as stored: TopUp, or GrantCredits
     * from source PACK. A repeat replays the first.
     *
     * @return what is available in the grant's unit after it (null when the wallet did not say)
     */
    public Uni<Money> grant(PurchaseGrant.Kind kind, byte[] stored) {
        try {
            Uni<Balance> balance = switch (kind) {
                case CREDIT_PACK ->
                    OnContext.resume(wallet().grantCredits(GrantCreditsRequest.parseFrom(stored)))
                            .map(GrantCreditsResponse::getBalance);
                case TOP_UP ->
                    OnContext.resume(wallet().topUp(TopUpRequest.parseFrom(stored)))
                            .map(TopUpResponse::getBalance);
            };
            return balance.map(b -> b.getAvailable().getAmount().isEmpty() ? null : money(b.getAvailable()));
        } catch (InvalidProtocolBufferException e) {
            return Uni.createFrom().failure(new IllegalStateException("a stored wallet request is unreadable", e));
        }
    }

    /** Per unit, what is left of the customer's grants without an expiry (packs, top-ups, refunds); none without a wallet. */
    public Uni<List<Money>> neverExpiring(String customerId) {
        return balance(GetBalanceRequest.newBuilder()
                        .setCustomerId(customerId)
                        .setView(BalanceView.BALANCE_VIEW_FULL)
                        .build())
                .map(response -> response == null ? List.<Money>of() : neverExpiring(response.getBalancesList()));
    }

    /** The customer's outstanding shortfall in {@code unit}; 0 without a wallet. */
    public Uni<Money> shortfall(String customerId, String unit) {
        return balance(GetBalanceRequest.newBuilder()
                        .setCustomerId(customerId)
                        .setCurrencyCode(unit)
                        .build())
                .map(response -> response == null || response.getBalancesCount() == 0
                        ? "0"
                        : response.getBalances(0).getShortfall().getAmount())
                .map(shortfall -> new Money(new BigDecimal(shortfall.isEmpty() ? "0" : shortfall), unit));
    }

    /** The stub with a deadline counted from now. */
    private MutinyWalletServiceGrpc.MutinyWalletServiceStub wallet() {
        return stub.withDeadlineAfter(deadlineMillis, TimeUnit.MILLISECONDS);
    }

    /** The balances, or null when the customer has no wallet yet (NOT_FOUND). */
    private Uni<GetBalanceResponse> balance(GetBalanceRequest request) {
        return OnContext.resume(wallet().getBalance(request))
                .onFailure(e ->
                        e instanceof StatusRuntimeException s && s.getStatus().getCode() == Status.Code.NOT_FOUND)
                .recoverWithNull();
    }

    private static List<Money> neverExpiring(List<Balance> balances) {
        List<Money> kept = new ArrayList<>();
        for (Balance balance : balances) {
            BigDecimal sum = BigDecimal.ZERO;
            for (Grant grant : balance.getGrantsList()) {
                if (!grant.hasExpireTime()) {
                    sum = sum.add(new BigDecimal(grant.getRemainingAmount().getAmount()));
                }
            }
            if (sum.signum() > 0) {
                kept.add(new Money(Money.canonical(sum), balance.getCurrencyCode()));
            }
        }
        return kept;
    }

    private static GrantCreditsRequest packRequest(PurchaseGrant grant) {
        return GrantCreditsRequest.newBuilder()
                .setCustomerId(grant.customerId())
                .setAmount(money(grant.amount()))
                .setSource(GrantSource.GRANT_SOURCE_PACK)
                .setReference(grant.reference())
                .setDescription(grant.description())
                .setIdempotencyKey(grant.idempotencyKey())
                .build();
    }

    private static TopUpRequest topUpRequest(PurchaseGrant grant) {
        return TopUpRequest.newBuilder()
                .setCustomerId(grant.customerId())
                .setAmount(money(grant.amount()))
                .setReference(grant.reference())
                .setDescription(grant.description())
                .setIdempotencyKey(grant.idempotencyKey())
                .build();
    }

    private static Settlement settlement(SettleShortfallResponse response, String unit) {
        String amount = response.getSettled().getAmount().isEmpty()
                ? "0"
                : response.getSettled().getAmount();
        return new Settlement(new Money(new BigDecimal(amount), unit), response.toByteArray());
    }

    private static dev.tally.common.v1.Money money(Money money) {
        return dev.tally.common.v1.Money.newBuilder()
                .setAmount(money.amountText())
                .setCurrencyCode(money.currency())
                .build();
    }

    private static Money money(dev.tally.common.v1.Money money) {
        return new Money(new BigDecimal(money.getAmount()), money.getCurrencyCode());
    }
}
