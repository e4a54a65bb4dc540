package dev.tally.testing.wallet;

import com.google.protobuf.Any;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;
import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import dev.tally.common.v1.ErrorReason;
import dev.tally.common.v1.ItemError;
import dev.tally.common.v1.Money;
import dev.tally.testing.wallet.FakeBalance.Debit;
import dev.tally.testing.wallet.FakeBalance.FakeGrant;
import dev.tally.testing.wallet.FakeBalance.Lot;
import dev.tally.testing.wallet.FakeBalance.Reversal;
import dev.tally.wallet.v1.CaptureRequest;
import dev.tally.wallet.v1.CaptureResponse;
import dev.tally.wallet.v1.DebitBatchRequest;
import dev.tally.wallet.v1.DebitBatchResponse;
import dev.tally.wallet.v1.DebitBatchResult;
import dev.tally.wallet.v1.DebitRequest;
import dev.tally.wallet.v1.DebitResponse;
import dev.tally.wallet.v1.ExpireGrantsRequest;
import dev.tally.wallet.v1.ExpireGrantsResponse;
import dev.tally.wallet.v1.ExpiredGrant;
import dev.tally.wallet.v1.GetBalanceRequest;
import dev.tally.wallet.v1.GetBalanceResponse;
import dev.tally.wallet.v1.Grant;
import dev.tally.wallet.v1.GrantCreditsRequest;
import dev.tally.wallet.v1.GrantCreditsResponse;
import dev.tally.wallet.v1.GrantSource;
import dev.tally.wallet.v1.Hold;
import dev.tally.wallet.v1.HoldState;
import dev.tally.wallet.v1.ReleaseRequest;
import dev.tally.wallet.v1.ReleaseResponse;
import dev.tally.wallet.v1.ReserveRequest;
import dev.tally.wallet.v1.ReserveResponse;
import dev.tally.wallet.v1.ReverseDebitRequest;
import dev.tally.wallet.v1.ReverseDebitResponse;
import dev.tally.wallet.v1.SettleShortfallRequest;
import dev.tally.wallet.v1.SettleShortfallResponse;
import dev.tally.wallet.v1.TopUpRequest;
import dev.tally.wallet.v1.TopUpResponse;
import dev.tally.wallet.v1.WalletServiceGrpc;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.StreamObserver;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * wallet-service in memory, for the tests of the services that call it (a grpc-java service: add
 * it to a {@code ServerBuilder}). It answers from the same contract with the wallet's semantics
 * where callers depend on them, and {@link WalletContract} runs the same cases against it and
 * against the real wallet-service:
 * <ul>
 * <li>every mutating call is idempotent per (customer, {@code idempotency_key}), one key space
 * across the RPCs: the same request replays the first answer with {@code duplicate = true}, another
 * request is ALREADY_EXISTS {@code IDEMPOTENCY_KEY_REUSED}; a refused call changes nothing;</li>
 * <li>a Debit consumes the grants in force at its {@code occurred_time} (default now, at most 5
 * minutes ahead) by priority, soonest expiry, age; the rest is the debit's shortfall, which a new
 * grant pays when it may (a grant with an expiry only shortfall of its window), SettleShortfall
 * claims per period and ReverseDebit cancels; DebitBatch answers per item;</li>
 * <li>holds: Reserve refuses more than is available (FAILED_PRECONDITION
 * {@code INSUFFICIENT_FUNDS}), Capture debits the final amount, Release frees it, a hold past its
 * expire time is expired ({@code HOLD_CAPTURED}, {@code HOLD_RELEASED}, {@code HOLD_EXPIRED},
 * {@code RESOURCE_NOT_FOUND} as the wallet answers);</li>
 * <li>ReverseDebit returns what the debit took (to a REFUND grant where the grant expired), once
 * ({@code DEBIT_ALREADY_REVERSED}); ExpireGrants removes the remainder of grants expired by its
 * time; GetBalance as the wallet computes it (NOT_FOUND {@code WALLET_NOT_FOUND} for a customer
 * without a wallet; grants with view FULL).</li>
 * </ul>
 * Requests are taken as valid (the wallet's checks of bad input are its own tests);
 * WatchBalance, ListTransactions and SetLowBalanceThreshold are not served (UNIMPLEMENTED).
 * <p>
 * What tests arrange: {@link #grant}, {@link #setShortfall}; switches: {@link #setDown},
 * {@link #failNext}, {@link #loseNextAnswers}, {@link #refuse}; what they observe: every call
 * ({@link #calls}, {@link #applied}), {@link #available}, {@link #grants}, {@link #debitCount},
 * {@link #debitRequest}, {@link #wasReversed}. Time is the clock given (the system clock by default).
 */
public class FakeWallet extends WalletServiceGrpc.WalletServiceImplBase {

    /** How far in the past a GrantCredits expire_time may be (the wallet's default late-grant limit). */
    public static final Duration LATE_GRANT_LIMIT = Duration.ofDays(7);

    /** How far after the wallet's clock a debit's occurred time may be. */
    static final Duration MAX_OCCURRED_AHEAD = Duration.ofMinutes(5);
    /** A hold's lifetime when Reserve names no expire time. */
    static final Duration DEFAULT_HOLD_DURATION = Duration.ofMinutes(15);

    private static final String DOMAIN = "tally.dev";

    /**
     * One call as received.
     *
     * @param applied true when it changed the wallet (not a replay, not refused, not failed by a switch)
     */
    public record Call(String method, Message request, boolean applied) {}

    private final Clock clock;
    private final Map<String, Map<String, FakeBalance>> wallets = new LinkedHashMap<>();
    private final Map<String, Stored> replies = new LinkedHashMap<>();
    private final Map<String, DebitRequest> debitRequests = new LinkedHashMap<>();
    private final Set<String> refused = new HashSet<>();
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private boolean down;
    private int failures;
    private int lostAnswers;

    /** A fake on the system clock. */
    public FakeWallet() {
        this(Clock.systemUTC());
    }

    /** A fake whose "now" is {@code clock}'s (default occurred times, grants in force, hold expiry). */
    public FakeWallet(Clock clock) {
        this.clock = clock;
    }

    /** Forgets every wallet, call and switch. */
    public synchronized void reset() {
        wallets.clear();
        replies.clear();
        debitRequests.clear();
        refused.clear();
        calls.clear();
        down = false;
        failures = 0;
        lostAnswers = 0;
    }

    // ---- arranging ----

    /**
     * Gives the customer {@code amount} of {@code unit} as a PACK grant in force at any time and
     * never expiring (opening the wallet); like every new grant, it first pays the outstanding
     * shortfall.
     */
    public synchronized void grant(String customerId, String unit, String amount) {
        Instant now = clock.instant();
        balance(customerId, unit)
                .grant(
                        new FakeGrant(
                                UUID.randomUUID().toString(),
                                GrantSource.GRANT_SOURCE_PACK,
                                new BigDecimal(amount),
                                Instant.EPOCH,
                                null,
                                0,
                                null,
                                null,
                                now),
                        now);
    }

    /**
     * Puts {@code amount} of outstanding shortfall on the customer's unit (opening the wallet),
     * replacing what an earlier call put there, as if debits not covered by any grant had occurred in
     * whatever period the next SettleShortfall of the unit names: that call claims all of it. Until
     * then it counts in the balance's shortfall, and only a grant without an expiry (which pays any
     * shortfall) pays it.
     */
    public synchronized void setShortfall(String customerId, String unit, String amount) {
        FakeBalance balance = balance(customerId, unit);
        balance.lots.removeIf(lot -> lot.occurred == null);
        balance.lots.add(new Lot("set-" + UUID.randomUUID(), null, new BigDecimal(amount)));
        balance.changed(clock.instant());
    }

    // ---- switches ----

    /** While down, every call fails with UNAVAILABLE and changes nothing. */
    public synchronized void setDown(boolean down) {
        this.down = down;
    }

    /** The next {@code count} calls fail with UNAVAILABLE and change nothing. */
    public synchronized void failNext(int count) {
        failures = count;
    }

    /** The next {@code count} mutating calls are applied, but their answer is lost (UNAVAILABLE), as in a crash. */
    public synchronized void loseNextAnswers(int count) {
        lostAnswers = count;
    }

    /** Debits of this customer (Debit, DebitBatch items) are refused for good: INVALID_ARGUMENT {@code VALIDATION_FAILED}. */
    public synchronized void refuse(String customerId) {
        refused.add(customerId);
    }

    // ---- observing ----

    /** Every call of {@code method} (e.g. {@code "GrantCredits"}), in the order received. */
    public List<Call> calls(String method) {
        return calls.stream().filter(c -> c.method().equals(method)).toList();
    }

    /** The calls of {@code method} that changed the wallet. */
    public List<Call> applied(String method) {
        return calls(method).stream().filter(Call::applied).toList();
    }

    /** The calls of {@code method} for one customer that changed the wallet. */
    public List<Call> applied(String method, String customerId) {
        return applied(method).stream()
                .filter(c -> {
                    FieldDescriptor field = c.request().getDescriptorForType().findFieldByName("customer_id");
                    return field != null && customerId.equals(c.request().getField(field));
                })
                .toList();
    }

    /** The available balance of a unit: granted in force now - shortfall - held (0 for a unit never held). */
    public synchronized BigDecimal available(String customerId, String unit) {
        Instant now = now();
        FakeBalance balance = existing(customerId, unit);
        return balance == null ? BigDecimal.ZERO : balance.available(now);
    }

    /** The customer's grants of every unit that ExpireGrants did not remove, oldest first, as they are now. */
    public synchronized List<Grant> grants(String customerId) {
        List<Grant> grants = new ArrayList<>();
        wallets.getOrDefault(customerId, Map.of())
                .values()
                .forEach(b -> b.grants.stream()
                        .filter(g -> g.closeTime == null)
                        .forEach(g -> grants.add(g.toProto(customerId, b.unit))));
        return grants;
    }

    /** Debits applied for the customer (Debit, DebitBatch items, captures), reversed ones included. */
    public synchronized long debitCount(String customerId) {
        return wallets.getOrDefault(customerId, Map.of()).values().stream()
                .mapToLong(b -> b.debits.size())
                .sum();
    }

    /** The Debit request (or DebitBatch item) applied for the customer under this key, or null. */
    public synchronized DebitRequest debitRequest(String customerId, String key) {
        return debitRequests.get(slot(customerId, key));
    }

    public synchronized boolean wasReversed(String debitId) {
        return wallets.values().stream()
                .flatMap(w -> w.values().stream())
                .anyMatch(b -> b.debits.containsKey(debitId) && b.debits.get(debitId).reversed);
    }

    // ---- the API ----

    @Override
    public void getBalance(GetBalanceRequest request, StreamObserver<GetBalanceResponse> out) {
        answer("GetBalance", request, out, () -> {
            Map<String, FakeBalance> wallet = wallets.get(request.getCustomerId());
            if (wallet == null) {
                throw failure(
                        Status.Code.NOT_FOUND,
                        ErrorReason.WALLET_NOT_FOUND,
                        "customer '" + request.getCustomerId() + "' has no wallet",
                        Map.of("customer_id", request.getCustomerId()));
            }
            Instant now = now();
            boolean withGrants = request.getView() == dev.tally.wallet.v1.BalanceView.BALANCE_VIEW_FULL;
            GetBalanceResponse.Builder response = GetBalanceResponse.newBuilder();
            if (request.getCurrencyCode().isEmpty()) {
                new TreeMap<>(wallet).values().forEach(b -> response.addBalances(b.toProto(now, withGrants)));
            } else {
                FakeBalance balance = wallet.get(request.getCurrencyCode());
                response.addBalances((balance != null
                                ? balance
                                : new FakeBalance(request.getCustomerId(), request.getCurrencyCode()))
                        .toProto(now, withGrants));
            }
            return response.build();
        });
    }

    @Override
    public void grantCredits(GrantCreditsRequest request, StreamObserver<GrantCreditsResponse> out) {
        once(
                "GrantCredits",
                request,
                request.getCustomerId(),
                request.getIdempotencyKey(),
                out,
                () -> {
                    Instant now = now();
                    Instant effective = request.hasEffectiveTime() ? instant(request.getEffectiveTime()) : now;
                    Instant expire = request.hasExpireTime() ? instant(request.getExpireTime()) : null;
                    if (expire != null
                            && (!expire.isAfter(effective) || expire.isBefore(now.minus(LATE_GRANT_LIMIT)))) {
                        throw invalid(
                                "expire_time",
                                "must be after effective_time and at most 7 days in the past (the late-grant limit)");
                    }
                    if (request.hasPeriod()) {
                        List<String> bad = new ArrayList<>();
                        if (!request.getPeriod().hasStartTime()) {
                            bad.add("period.start_time");
                        }
                        if (!request.getPeriod().hasEndTime()
                                || request.getPeriod().hasStartTime()
                                        && !instant(request.getPeriod().getEndTime())
                                                .isAfter(instant(
                                                        request.getPeriod().getStartTime()))) {
                            bad.add("period.end_time");
                        }
                        if (!bad.isEmpty()) {
                            throw invalid(bad, "must both be set, the end after the start");
                        }
                    }
                    FakeBalance balance =
                            balance(request.getCustomerId(), request.getAmount().getCurrencyCode());
                    FakeGrant grant = new FakeGrant(
                            UUID.randomUUID().toString(),
                            request.getSource(),
                            new BigDecimal(request.getAmount().getAmount()),
                            effective,
                            expire,
                            request.getPriority(),
                            emptyToNull(request.getPeriodReference()),
                            emptyToNull(request.getReference()),
                            now);
                    grant.period = request.hasPeriod() ? request.getPeriod() : null;
                    BigDecimal settled = balance.grant(grant, now);
                    return GrantCreditsResponse.newBuilder()
                            .setGrant(grant.toProto(balance.customerId, balance.unit))
                            .setShortfallSettled(balance.money(settled))
                            .setBalance(balance.toProto(now, true))
                            .build();
                },
                r -> r.toBuilder().setDuplicate(true).build());
    }

    @Override
    public void topUp(TopUpRequest request, StreamObserver<TopUpResponse> out) {
        once(
                "TopUp",
                request,
                request.getCustomerId(),
                request.getIdempotencyKey(),
                out,
                () -> {
                    Instant now = now();
                    FakeBalance balance =
                            balance(request.getCustomerId(), request.getAmount().getCurrencyCode());
                    FakeGrant grant = new FakeGrant(
                            UUID.randomUUID().toString(),
                            GrantSource.GRANT_SOURCE_TOP_UP,
                            new BigDecimal(request.getAmount().getAmount()),
                            now,
                            null,
                            0,
                            null,
                            emptyToNull(request.getReference()),
                            now);
                    BigDecimal settled = balance.grant(grant, now);
                    return TopUpResponse.newBuilder()
                            .setGrant(grant.toProto(balance.customerId, balance.unit))
                            .setShortfallSettled(balance.money(settled))
                            .setBalance(balance.toProto(now, true))
                            .build();
                },
                r -> r.toBuilder().setDuplicate(true).build());
    }

    @Override
    public void debit(DebitRequest request, StreamObserver<DebitResponse> out) {
        once(
                "Debit",
                request,
                request.getCustomerId(),
                request.getIdempotencyKey(),
                out,
                () -> debit(request),
                FakeWallet::duplicate);
    }

    @Override
    public void debitBatch(DebitBatchRequest request, StreamObserver<DebitBatchResponse> out) {
        answer("DebitBatch", request, out, () -> {
            DebitBatchResponse.Builder response = DebitBatchResponse.newBuilder();
            for (DebitRequest item : request.getDebitsList()) {
                try {
                    response.addResults(DebitBatchResult.newBuilder()
                            .setDebit(replayOrApply(
                                    "Debit",
                                    item,
                                    item.getCustomerId(),
                                    item.getIdempotencyKey(),
                                    () -> debit(item),
                                    FakeWallet::duplicate)));
                } catch (StatusRuntimeException refused) {
                    response.addResults(DebitBatchResult.newBuilder().setError(itemError(refused)));
                }
            }
            return response.build();
        });
    }

    @Override
    public void reserve(ReserveRequest request, StreamObserver<ReserveResponse> out) {
        once(
                "Reserve",
                request,
                request.getCustomerId(),
                request.getIdempotencyKey(),
                out,
                () -> {
                    Instant now = now();
                    FakeBalance balance = existingOrEmpty(
                            request.getCustomerId(), request.getAmount().getCurrencyCode());
                    Instant expire = request.hasExpireTime()
                            ? instant(request.getExpireTime())
                            : now.plus(DEFAULT_HOLD_DURATION);
                    if (!expire.isAfter(now)) {
                        throw invalid("expire_time", "must be in the future");
                    }
                    BigDecimal amount = new BigDecimal(request.getAmount().getAmount());
                    BigDecimal available = balance.available(now);
                    if (available.compareTo(amount) < 0) {
                        throw failure(
                                Status.Code.FAILED_PRECONDITION,
                                ErrorReason.INSUFFICIENT_FUNDS,
                                "available " + text(available) + " " + balance.unit + " does not cover " + text(amount),
                                Map.of("available", text(available), "requested", text(amount)));
                    }
                    balance = balance(request.getCustomerId(), balance.unit);
                    Hold hold = Hold.newBuilder()
                            .setHoldId(UUID.randomUUID().toString())
                            .setCustomerId(request.getCustomerId())
                            .setAmount(balance.money(amount))
                            .setState(HoldState.HOLD_STATE_ACTIVE)
                            .setExpireTime(timestamp(expire))
                            .setCreateTime(timestamp(now))
                            .setReference(request.getReference())
                            .setDescription(request.getDescription())
                            .build();
                    balance.holds.put(hold.getHoldId(), hold);
                    balance.changed(now);
                    return ReserveResponse.newBuilder()
                            .setHold(hold)
                            .setBalance(balance.toProto(now, true))
                            .build();
                },
                r -> r.toBuilder().setDuplicate(true).build());
    }

    @Override
    public void capture(CaptureRequest request, StreamObserver<CaptureResponse> out) {
        once(
                "Capture",
                request,
                request.getCustomerId(),
                request.getIdempotencyKey(),
                out,
                () -> {
                    Instant now = now();
                    FakeBalance balance = activeHold(request.getCustomerId(), request.getHoldId(), now);
                    if (!request.getFinalAmount().getCurrencyCode().equals(balance.unit)) {
                        throw failure(
                                Status.Code.FAILED_PRECONDITION,
                                ErrorReason.CURRENCY_MISMATCH,
                                "hold " + request.getHoldId() + " is in " + balance.unit + ", not "
                                        + request.getFinalAmount().getCurrencyCode(),
                                Map.of());
                    }
                    Instant occurred = occurredTime(request.hasOccurredTime(), request.getOccurredTime(), now);
                    Hold hold = balance.holds.get(request.getHoldId());
                    String debitId = UUID.randomUUID().toString();
                    balance.holds.put(
                            hold.getHoldId(),
                            hold.toBuilder()
                                    .setState(HoldState.HOLD_STATE_CAPTURED)
                                    .setCloseTime(timestamp(now))
                                    .setCapturedAmount(request.getFinalAmount())
                                    .setDebitId(debitId)
                                    .build());
                    BigDecimal amount = new BigDecimal(request.getFinalAmount().getAmount());
                    DebitResponse debit;
                    if (amount.signum() > 0) {
                        debit = debitResponse(balance, balance.debit(debitId, amount, occurred, now), now);
                    } else {
                        balance.changed(now);
                        debit = debitResponse(balance, new Debit(debitId, occurred), now);
                    }
                    return CaptureResponse.newBuilder()
                            .setHold(balance.holds.get(hold.getHoldId()))
                            .setDebit(debit)
                            .build();
                },
                r -> r.toBuilder()
                        .setDuplicate(true)
                        .setDebit(duplicate(r.getDebit()))
                        .build());
    }

    @Override
    public void release(ReleaseRequest request, StreamObserver<ReleaseResponse> out) {
        once(
                "Release",
                request,
                request.getCustomerId(),
                request.getIdempotencyKey(),
                out,
                () -> {
                    Instant now = now();
                    FakeBalance balance = activeHold(request.getCustomerId(), request.getHoldId(), now);
                    Hold released = balance.holds.get(request.getHoldId()).toBuilder()
                            .setState(HoldState.HOLD_STATE_RELEASED)
                            .setCloseTime(timestamp(now))
                            .build();
                    balance.holds.put(released.getHoldId(), released);
                    balance.changed(now);
                    return ReleaseResponse.newBuilder()
                            .setHold(released)
                            .setBalance(balance.toProto(now, true))
                            .build();
                },
                r -> r.toBuilder().setDuplicate(true).build());
    }

    @Override
    public void reverseDebit(ReverseDebitRequest request, StreamObserver<ReverseDebitResponse> out) {
        once(
                "ReverseDebit",
                request,
                request.getCustomerId(),
                request.getIdempotencyKey(),
                out,
                () -> {
                    Instant now = now();
                    FakeBalance balance = wallets.getOrDefault(request.getCustomerId(), Map.of()).values().stream()
                            .filter(b -> b.debits.containsKey(request.getDebitId()))
                            .findFirst()
                            .orElseThrow(() -> failure(
                                    Status.Code.NOT_FOUND,
                                    ErrorReason.RESOURCE_NOT_FOUND,
                                    "customer '" + request.getCustomerId() + "' has no debit " + request.getDebitId(),
                                    Map.of("debit_id", request.getDebitId())));
                    Debit debit = balance.debits.get(request.getDebitId());
                    if (debit.reversed) {
                        throw failure(
                                Status.Code.FAILED_PRECONDITION,
                                ErrorReason.DEBIT_ALREADY_REVERSED,
                                "debit " + debit.id + " was already reversed",
                                Map.of());
                    }
                    String reversalId = UUID.randomUUID().toString();
                    Reversal reversal = balance.reverse(debit, reversalId, emptyToNull(request.getReference()), now);
                    ReverseDebitResponse.Builder response = ReverseDebitResponse.newBuilder()
                            .setReversalId(reversalId)
                            .setDebitId(debit.id)
                            .setReturnedTotal(balance.money(reversal.returnedTotal()))
                            .setShortfallCancelled(balance.money(reversal.cancelled))
                            .setShortfallClaimed(balance.money(reversal.claimed))
                            .setClaimReference(reversal.claimReference == null ? "" : reversal.claimReference)
                            .setShortfallSettled(balance.money(reversal.settled))
                            .setBalance(balance.toProto(now, true));
                    reversal.returned.forEach(part -> response.addReturned(balance.consumption(part)));
                    if (reversal.refund != null) {
                        response.setRefundGrant(reversal.refund.toProto(balance.customerId, balance.unit));
                    }
                    return response.build();
                },
                r -> r.toBuilder().setDuplicate(true).build());
    }

    @Override
    public void expireGrants(ExpireGrantsRequest request, StreamObserver<ExpireGrantsResponse> out) {
        once(
                "ExpireGrants",
                request,
                request.getCustomerId(),
                request.getIdempotencyKey(),
                out,
                () -> {
                    Instant now = now();
                    Instant asOf = instant(request.getExpireTime());
                    if (asOf.isAfter(now)) {
                        throw invalid("expire_time", "must not be in the future");
                    }
                    FakeBalance balance = existingOrEmpty(request.getCustomerId(), request.getCurrencyCode());
                    Map<FakeGrant, BigDecimal> expired = balance.expire(
                            asOf,
                            request.getSource() == GrantSource.GRANT_SOURCE_UNSPECIFIED ? null : request.getSource(),
                            emptyToNull(request.getPeriodReference()),
                            now);
                    ExpireGrantsResponse.Builder response = ExpireGrantsResponse.newBuilder()
                            .setTotalExpired(
                                    balance.money(expired.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add)))
                            .setBalance(balance.toProto(now, true));
                    expired.forEach((grant, amount) -> response.addExpired(ExpiredGrant.newBuilder()
                            .setGrant(grant.toProto(balance.customerId, balance.unit))
                            .setExpiredAmount(balance.money(amount))));
                    return response.build();
                },
                r -> r.toBuilder().setDuplicate(true).build());
    }

    @Override
    public void settleShortfall(SettleShortfallRequest request, StreamObserver<SettleShortfallResponse> out) {
        once(
                "SettleShortfall",
                request,
                request.getCustomerId(),
                request.getIdempotencyKey(),
                out,
                () -> {
                    Instant now = now();
                    Instant until = instant(request.getTimeRange().getEndTime());
                    if (until.isAfter(now)) {
                        throw invalid("time_range.end_time", "must not be in the future");
                    }
                    Instant from = request.getTimeRange().hasStartTime()
                            ? instant(request.getTimeRange().getStartTime())
                            : null;
                    FakeBalance balance = existingOrEmpty(request.getCustomerId(), request.getCurrencyCode());
                    List<Lot> claimed = balance.settle(from, until, emptyToNull(request.getReference()), now);
                    return SettleShortfallResponse.newBuilder()
                            .setSettled(balance.money(
                                    claimed.stream().map(l -> l.claimed).reduce(BigDecimal.ZERO, BigDecimal::add)))
                            .setSettledDebitCount(claimed.size())
                            .setBalance(balance.toProto(now, true))
                            .build();
                },
                r -> r.toBuilder().setDuplicate(true).build());
    }

    // ---- how a call is answered ----

    /**
     * One call: failed when a switch says so (changing nothing), otherwise {@code work} answers it
     * (or refuses it); recorded either way. The answer of a call that changed the wallet is lost
     * while {@link #loseNextAnswers} says so.
     */
    private <R extends Message> void answer(String method, Message request, StreamObserver<R> out, Supplier<R> work) {
        List<R> answered = new ArrayList<>(1);
        StatusRuntimeException failed;
        synchronized (this) {
            failed = unavailable();
            int before = changes();
            if (failed == null) {
                try {
                    answered.add(work.get());
                } catch (StatusRuntimeException refused) {
                    failed = refused;
                }
            }
            boolean applied = changes() > before;
            calls.add(new Call(method, request, applied));
            if (applied && lostAnswers > 0) {
                lostAnswers--;
                failed = Status.UNAVAILABLE
                        .withDescription("fake wallet: the answer was lost")
                        .asRuntimeException();
            }
        }
        if (failed != null) {
            out.onError(failed);
        } else {
            out.onNext(answered.get(0));
            out.onCompleted();
        }
    }

    /** An idempotent call: replayed, refused, or applied and its answer stored. */
    private <R extends Message> void once(
            String method,
            Message request,
            String customerId,
            String key,
            StreamObserver<R> out,
            Supplier<R> apply,
            UnaryOperator<R> duplicate) {
        answer(method, request, out, () -> replayOrApply(method, request, customerId, key, apply, duplicate));
    }

    private <R extends Message> R replayOrApply(
            String method,
            Message request,
            String customerId,
            String key,
            Supplier<R> apply,
            UnaryOperator<R> duplicate) {
        String slot = slot(customerId, key);
        Message payload = payload(request);
        Stored stored = replies.get(slot);
        if (stored != null) {
            if (!stored.method().equals(method) || !stored.payload().equals(payload)) {
                throw failure(
                        Status.Code.ALREADY_EXISTS,
                        ErrorReason.IDEMPOTENCY_KEY_REUSED,
                        "idempotency key '" + key + "' was used for another request",
                        Map.of("idempotency_key", key));
            }
            @SuppressWarnings("unchecked")
            R first = (R) stored.response();
            return duplicate.apply(first);
        }
        R response = apply.get();
        replies.put(slot, new Stored(method, payload, response));
        return response;
    }

    /** UNAVAILABLE when the fake is down or a failure is due; null otherwise. */
    private StatusRuntimeException unavailable() {
        if (down) {
            return Status.UNAVAILABLE.withDescription("fake wallet is down").asRuntimeException();
        }
        if (failures > 0) {
            failures--;
            return Status.UNAVAILABLE
                    .withDescription("fake wallet failed the call")
                    .asRuntimeException();
        }
        return null;
    }

    /** A counter of the changes made (to tell an applied call from a replay). */
    private int changes() {
        return replies.size();
    }

    private DebitResponse debit(DebitRequest request) {
        if (refused.contains(request.getCustomerId())) {
            throw failure(
                    Status.Code.INVALID_ARGUMENT,
                    ErrorReason.VALIDATION_FAILED,
                    "debits of customer '" + request.getCustomerId() + "' are refused (a test switch)",
                    Map.of());
        }
        Instant now = now();
        Instant occurred = occurredTime(request.hasOccurredTime(), request.getOccurredTime(), now);
        FakeBalance balance =
                balance(request.getCustomerId(), request.getAmount().getCurrencyCode());
        Debit debit = balance.debit(
                UUID.randomUUID().toString(), new BigDecimal(request.getAmount().getAmount()), occurred, now);
        debitRequests.put(slot(request.getCustomerId(), request.getIdempotencyKey()), request);
        return debitResponse(balance, debit, now);
    }

    private static DebitResponse debitResponse(FakeBalance balance, Debit debit, Instant now) {
        DebitResponse.Builder response = DebitResponse.newBuilder()
                .setDebitId(debit.id)
                .setOccurredTime(timestamp(debit.occurred))
                .setCovered(balance.money(debit.covered))
                .setShortfall(balance.money(debit.shortfall()))
                .setBalanceAfter(balance.money(balance.available(now)))
                .setBalanceVersion(balance.version);
        debit.consumed.forEach(part -> response.addConsumptions(balance.consumption(part)));
        return response.build();
    }

    private static DebitResponse duplicate(DebitResponse response) {
        return response.toBuilder().setDuplicate(true).build();
    }

    /** The balance holding this active hold of the customer; refused as the wallet refuses. */
    private FakeBalance activeHold(String customerId, String holdId, Instant now) {
        FakeBalance balance = wallets.getOrDefault(customerId, Map.of()).values().stream()
                .filter(b -> b.holds.containsKey(holdId))
                .findFirst()
                .orElseThrow(() -> failure(
                        Status.Code.NOT_FOUND,
                        ErrorReason.RESOURCE_NOT_FOUND,
                        "customer '" + customerId + "' has no hold " + holdId,
                        Map.of("hold_id", holdId)));
        Hold hold = balance.holds.get(holdId);
        switch (hold.getState()) {
            case HOLD_STATE_CAPTURED ->
                throw failure(
                        Status.Code.FAILED_PRECONDITION,
                        ErrorReason.HOLD_CAPTURED,
                        "hold " + holdId + " was already captured",
                        Map.of());
            case HOLD_STATE_RELEASED ->
                throw failure(
                        Status.Code.FAILED_PRECONDITION,
                        ErrorReason.HOLD_RELEASED,
                        "hold " + holdId + " was released",
                        Map.of());
            default -> {
                if (hold.getState() == HoldState.HOLD_STATE_EXPIRED || !now.isBefore(instant(hold.getExpireTime()))) {
                    throw failure(
                            Status.Code.FAILED_PRECONDITION,
                            ErrorReason.HOLD_EXPIRED,
                            "hold " + holdId + " has expired",
                            Map.of());
                }
            }
        }
        return balance;
    }

    private static Instant occurredTime(boolean given, Timestamp occurred, Instant now) {
        if (!given) {
            return now;
        }
        Instant at = instant(occurred);
        if (at.isAfter(now.plus(MAX_OCCURRED_AHEAD))) {
            throw invalid("occurred_time", "must be at most 5 minutes after the wallet's clock");
        }
        return at;
    }

    /** The wallet's now; holds past their expire time are expired first (the wallet's job does it). */
    private Instant now() {
        Instant now = clock.instant();
        wallets.values().forEach(w -> w.values().forEach(b -> b.expireHolds(now)));
        return now;
    }

    /** The customer's balance in {@code unit}, opening the wallet and the unit if needed. */
    private FakeBalance balance(String customerId, String unit) {
        return wallets.computeIfAbsent(customerId, c -> new LinkedHashMap<>())
                .computeIfAbsent(unit, u -> new FakeBalance(customerId, u));
    }

    private FakeBalance existing(String customerId, String unit) {
        return wallets.getOrDefault(customerId, Map.of()).get(unit);
    }

    /** The balance, or an empty one that is not kept (a missing wallet has nothing to reserve, expire or settle). */
    private FakeBalance existingOrEmpty(String customerId, String unit) {
        FakeBalance balance = existing(customerId, unit);
        return balance != null ? balance : new FakeBalance(customerId, unit);
    }

    private static String slot(String customerId, String key) {
        return customerId + "\u0000" + key;
    }

    /** What a request asks, without its idempotency key. */
    private static Message payload(Message request) {
        FieldDescriptor key = request.getDescriptorForType().findFieldByName("idempotency_key");
        return request.toBuilder().clearField(key).build();
    }

    private static ItemError itemError(StatusRuntimeException refused) {
        com.google.rpc.Status status = StatusProto.fromThrowable(refused);
        ItemError.Builder error = ItemError.newBuilder()
                .setCode(refused.getStatus().getCode().value())
                .setMessage(String.valueOf(refused.getStatus().getDescription()));
        if (status != null) {
            status.getDetailsList().stream()
                    .filter(any -> any.is(ErrorInfo.class))
                    .findFirst()
                    .ifPresent(any -> {
                        try {
                            ErrorInfo info = any.unpack(ErrorInfo.class);
                            error.setReason(info.getReason()).putAllMetadata(info.getMetadataMap());
                        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                            throw new IllegalStateException(e);
                        }
                    });
        }
        return error.build();
    }

    private static StatusRuntimeException invalid(String field, String description) {
        return invalid(List.of(field), description);
    }

    private static StatusRuntimeException invalid(List<String> fields, String description) {
        BadRequest.Builder bad = BadRequest.newBuilder();
        fields.forEach(field -> bad.addFieldViolations(
                BadRequest.FieldViolation.newBuilder().setField(field).setDescription(description)));
        String field = String.join(", ", fields);
        com.google.rpc.Status status = com.google.rpc.Status.newBuilder()
                .setCode(Status.Code.INVALID_ARGUMENT.value())
                .setMessage(field + ": " + description)
                .addDetails(Any.pack(ErrorInfo.newBuilder()
                        .setReason(ErrorReason.VALIDATION_FAILED.name())
                        .setDomain(DOMAIN)
                        .build()))
                .addDetails(Any.pack(bad.build()))
                .build();
        return StatusProto.toStatusRuntimeException(status);
    }

    private static StatusRuntimeException failure(
            Status.Code code, ErrorReason reason, String message, Map<String, String> metadata) {
        return StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
                .setCode(code.value())
                .setMessage(message)
                .addDetails(Any.pack(ErrorInfo.newBuilder()
                        .setReason(reason.name())
                        .setDomain(DOMAIN)
                        .putAllMetadata(metadata)
                        .build()))
                .build());
    }

    static Money money(BigDecimal amount, String unit) {
        return Money.newBuilder().setAmount(text(amount)).setCurrencyCode(unit).build();
    }

    /** A decimal as the wallet writes it: plain, without trailing zeros. */
    private static String text(BigDecimal amount) {
        return amount.signum() == 0 ? "0" : amount.stripTrailingZeros().toPlainString();
    }

    static Timestamp timestamp(Instant instant) {
        return Timestamp.newBuilder()
                .setSeconds(instant.getEpochSecond())
                .setNanos(instant.getNano())
                .build();
    }

    static Instant instant(Timestamp timestamp) {
        return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
    }

    private static String emptyToNull(String text) {
        return text.isEmpty() ? null : text;
    }

    /** The first answer to a key: what it asked and answered. */
    private record Stored(String method, Message payload, Message response) {}
}
