package dev.tally.usage.support;

import com.google.protobuf.Any;
import com.google.protobuf.Timestamp;
import com.google.rpc.ErrorInfo;
import dev.tally.common.v1.ItemError;
import dev.tally.common.v1.Money;
import dev.tally.wallet.v1.Balance;
import dev.tally.wallet.v1.CaptureRequest;
import dev.tally.wallet.v1.CaptureResponse;
import dev.tally.wallet.v1.DebitBatchRequest;
import dev.tally.wallet.v1.DebitBatchResponse;
import dev.tally.wallet.v1.DebitBatchResult;
import dev.tally.wallet.v1.DebitRequest;
import dev.tally.wallet.v1.DebitResponse;
import dev.tally.wallet.v1.GetBalanceRequest;
import dev.tally.wallet.v1.GetBalanceResponse;
import dev.tally.wallet.v1.Hold;
import dev.tally.wallet.v1.HoldState;
import dev.tally.wallet.v1.ReleaseRequest;
import dev.tally.wallet.v1.ReleaseResponse;
import dev.tally.wallet.v1.ReserveRequest;
import dev.tally.wallet.v1.ReserveResponse;
import dev.tally.wallet.v1.ReverseDebitRequest;
import dev.tally.wallet.v1.ReverseDebitResponse;
import dev.tally.wallet.v1.WalletServiceGrpc;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.StreamObserver;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * wallet-service as the tests rely on it, from the same contract, with the wallet's semantics where
 * usage-service depends on them: debits idempotent per (customer, key) (a replay answers the same
 * debit with duplicate = true), covered by the balance's grants and the rest shortfall, holds that
 * refuse to reserve more than is available (INSUFFICIENT_FUNDS), captures, releases, reversals
 * (once per debit), balances. One grant pool per customer and unit (no time windows). Switches:
 * {@link #down} (every call UNAVAILABLE), {@link #refuse} (a customer's debits refused for good).
 */
public final class WalletDouble extends WalletServiceGrpc.WalletServiceImplBase {

    private static final class Unit {
        BigDecimal remaining = BigDecimal.ZERO;
        BigDecimal shortfall = BigDecimal.ZERO;
        BigDecimal held = BigDecimal.ZERO;

        BigDecimal available() {
            return remaining.subtract(shortfall).subtract(held);
        }
    }

    private record Applied(DebitResponse response, String unit, BigDecimal covered, BigDecimal shortfall, String requestKey) {
    }

    private final Map<String, Unit> units = new HashMap<>();
    private final Map<String, Applied> debits = new HashMap<>();
    private final Map<String, Applied> debitsById = new HashMap<>();
    private final Map<String, Hold> holds = new HashMap<>();
    private final Map<String, Object> replies = new HashMap<>();
    private final Set<String> reversed = new HashSet<>();
    private final Set<String> refused = new HashSet<>();
    public volatile boolean down;
    public final AtomicInteger debitBatchCalls = new AtomicInteger();

    /** Adds funds to a customer's unit. */
    public synchronized void grant(String customer, String unit, String amount) {
        Unit u = unit(customer, unit);
        u.remaining = u.remaining.add(new BigDecimal(amount));
        BigDecimal paid = u.shortfall.min(u.remaining);
        u.remaining = u.remaining.subtract(paid);
        u.shortfall = u.shortfall.subtract(paid);
    }

    public synchronized void refuse(String customer) {
        refused.add(customer);
    }

    /** The available balance of a unit (granted − shortfall − held). */
    public synchronized BigDecimal available(String customer, String unit) {
        return unit(customer, unit).available();
    }

    /** Debits applied for the customer (distinct keys, reversed ones included). */
    public synchronized long debitCount(String customer) {
        return debits.keySet().stream().filter(k -> k.startsWith(customer + "\u0000")).count();
    }

    /** The debit request applied under this key (its text form), or null. */
    public synchronized String debitRequest(String customer, String key) {
        Applied applied = debits.get(customer + "\u0000" + key);
        return applied == null ? null : applied.requestKey();
    }

    public synchronized boolean wasReversed(String debitId) {
        return reversed.contains(debitId);
    }

    private Unit unit(String customer, String unit) {
        return units.computeIfAbsent(customer + "\u0000" + unit, k -> new Unit());
    }

    private void checkUp() {
        if (down) {
            throw Status.UNAVAILABLE.withDescription("wallet double is down").asRuntimeException();
        }
    }

    private synchronized DebitResponse debit(DebitRequest r) {
        if (refused.contains(r.getCustomerId())) {
            throw failure(Status.Code.INVALID_ARGUMENT, "VALIDATION_FAILED", "debits of this customer are refused (test)");
        }
        String key = r.getCustomerId() + "\u0000" + r.getIdempotencyKey();
        Applied known = debits.get(key);
        if (known != null) {
            if (!known.requestKey().equals(r.toString())) {
                throw failure(Status.Code.ALREADY_EXISTS, "IDEMPOTENCY_KEY_REUSED", "key reused");
            }
            return known.response().toBuilder().setDuplicate(true).build();
        }
        BigDecimal amount = new BigDecimal(r.getAmount().getAmount());
        String unitCode = r.getAmount().getCurrencyCode();
        Unit u = unit(r.getCustomerId(), unitCode);
        BigDecimal covered = amount.min(u.remaining.max(BigDecimal.ZERO));
        BigDecimal shortfall = amount.subtract(covered);
        u.remaining = u.remaining.subtract(covered);
        u.shortfall = u.shortfall.add(shortfall);
        String debitId = UUID.randomUUID().toString();
        DebitResponse response = DebitResponse.newBuilder().setDebitId(debitId).setOccurredTime(r.getOccurredTime())
                .setCovered(money(covered, unitCode)).setShortfall(money(shortfall, unitCode))
                .setBalanceAfter(money(u.available(), unitCode)).build();
        Applied applied = new Applied(response, unitCode, covered, shortfall, r.toString());
        debits.put(key, applied);
        debitsById.put(debitId, applied);
        return response;
    }

    @Override
    public void debit(DebitRequest request, StreamObserver<DebitResponse> observer) {
        call(observer, () -> debit(request));
    }

    @Override
    public void debitBatch(DebitBatchRequest request, StreamObserver<DebitBatchResponse> observer) {
        call(observer, () -> {
            debitBatchCalls.incrementAndGet();
            DebitBatchResponse.Builder b = DebitBatchResponse.newBuilder();
            for (DebitRequest d : request.getDebitsList()) {
                try {
                    b.addResults(DebitBatchResult.newBuilder().setDebit(debit(d)));
                } catch (StatusRuntimeException e) {
                    b.addResults(DebitBatchResult.newBuilder().setError(ItemError.newBuilder()
                            .setCode(e.getStatus().getCode().value()).setMessage(String.valueOf(e.getStatus().getDescription()))));
                }
            }
            return b.build();
        });
    }

    @Override
    public void reserve(ReserveRequest request, StreamObserver<ReserveResponse> observer) {
        call(observer, () -> {
            synchronized (this) {
                String key = request.getCustomerId() + "\u0000" + request.getIdempotencyKey();
                if (replies.get(key) instanceof ReserveResponse known) {
                    return known.toBuilder().setDuplicate(true).build();
                }
                BigDecimal amount = new BigDecimal(request.getAmount().getAmount());
                String unitCode = request.getAmount().getCurrencyCode();
                Unit u = unit(request.getCustomerId(), unitCode);
                if (u.available().compareTo(amount) < 0) {
                    throw failure(Status.Code.FAILED_PRECONDITION, "INSUFFICIENT_FUNDS", "available " + u.available()
                            + " does not cover " + amount);
                }
                u.held = u.held.add(amount);
                Hold hold = Hold.newBuilder().setHoldId(UUID.randomUUID().toString()).setCustomerId(request.getCustomerId())
                        .setAmount(request.getAmount()).setState(HoldState.HOLD_STATE_ACTIVE)
                        .setExpireTime(request.hasExpireTime() ? request.getExpireTime()
                                : Timestamp.newBuilder().setSeconds(Instant.now().plusSeconds(900).getEpochSecond()).build())
                        .build();
                holds.put(hold.getHoldId(), hold);
                ReserveResponse response = ReserveResponse.newBuilder().setHold(hold)
                        .setBalance(balance(request.getCustomerId(), unitCode)).build();
                replies.put(key, response);
                return response;
            }
        });
    }

    @Override
    public void capture(CaptureRequest request, StreamObserver<CaptureResponse> observer) {
        call(observer, () -> {
            synchronized (this) {
                String key = request.getCustomerId() + "\u0000" + request.getIdempotencyKey();
                if (replies.get(key) instanceof CaptureResponse known) {
                    return known.toBuilder().setDuplicate(true).build();
                }
                Hold hold = holds.get(request.getHoldId());
                if (hold == null || !hold.getCustomerId().equals(request.getCustomerId())) {
                    throw failure(Status.Code.NOT_FOUND, "RESOURCE_NOT_FOUND", "no such hold");
                }
                if (hold.getState() != HoldState.HOLD_STATE_ACTIVE) {
                    throw failure(Status.Code.FAILED_PRECONDITION, "HOLD_CAPTURED", "hold is " + hold.getState());
                }
                Unit u = unit(request.getCustomerId(), hold.getAmount().getCurrencyCode());
                u.held = u.held.subtract(new BigDecimal(hold.getAmount().getAmount()));
                DebitResponse debit = debit(DebitRequest.newBuilder().setCustomerId(request.getCustomerId())
                        .setAmount(request.getFinalAmount()).setOccurredTime(request.getOccurredTime())
                        .setIdempotencyKey(request.getIdempotencyKey()).build());
                Hold captured = hold.toBuilder().setState(HoldState.HOLD_STATE_CAPTURED).setCapturedAmount(request.getFinalAmount())
                        .setDebitId(debit.getDebitId()).build();
                holds.put(hold.getHoldId(), captured);
                CaptureResponse response = CaptureResponse.newBuilder().setHold(captured).setDebit(debit).build();
                replies.put(key, response);
                return response;
            }
        });
    }

    @Override
    public void release(ReleaseRequest request, StreamObserver<ReleaseResponse> observer) {
        call(observer, () -> {
            synchronized (this) {
                Hold hold = holds.get(request.getHoldId());
                if (hold == null || hold.getState() != HoldState.HOLD_STATE_ACTIVE) {
                    throw failure(Status.Code.FAILED_PRECONDITION, "HOLD_RELEASED", "hold not active");
                }
                Unit u = unit(request.getCustomerId(), hold.getAmount().getCurrencyCode());
                u.held = u.held.subtract(new BigDecimal(hold.getAmount().getAmount()));
                Hold released = hold.toBuilder().setState(HoldState.HOLD_STATE_RELEASED).build();
                holds.put(hold.getHoldId(), released);
                return ReleaseResponse.newBuilder().setHold(released)
                        .setBalance(balance(request.getCustomerId(), hold.getAmount().getCurrencyCode())).build();
            }
        });
    }

    @Override
    public void reverseDebit(ReverseDebitRequest request, StreamObserver<ReverseDebitResponse> observer) {
        call(observer, () -> {
            synchronized (this) {
                String key = request.getCustomerId() + "\u0000" + request.getIdempotencyKey();
                if (replies.get(key) instanceof ReverseDebitResponse known) {
                    return known.toBuilder().setDuplicate(true).build();
                }
                Applied applied = debitsById.get(request.getDebitId());
                if (applied == null) {
                    throw failure(Status.Code.NOT_FOUND, "RESOURCE_NOT_FOUND", "no such debit");
                }
                if (!reversed.add(request.getDebitId())) {
                    throw failure(Status.Code.FAILED_PRECONDITION, "DEBIT_ALREADY_REVERSED", "already reversed");
                }
                Unit u = unit(request.getCustomerId(), applied.unit());
                u.remaining = u.remaining.add(applied.covered());
                u.shortfall = u.shortfall.subtract(applied.shortfall());
                ReverseDebitResponse response = ReverseDebitResponse.newBuilder().setDebitId(request.getDebitId())
                        .setReturnedTotal(money(applied.covered(), applied.unit()))
                        .setShortfallCancelled(money(applied.shortfall(), applied.unit()))
                        .setBalance(balance(request.getCustomerId(), applied.unit())).build();
                replies.put(key, response);
                return response;
            }
        });
    }

    @Override
    public void getBalance(GetBalanceRequest request, StreamObserver<GetBalanceResponse> observer) {
        call(observer, () -> {
            synchronized (this) {
                return GetBalanceResponse.newBuilder().addBalances(balance(request.getCustomerId(), request.getCurrencyCode()))
                        .build();
            }
        });
    }

    private Balance balance(String customer, String unitCode) {
        Unit u = unit(customer, unitCode);
        return Balance.newBuilder().setCustomerId(customer).setCurrencyCode(unitCode).setAvailable(money(u.available(), unitCode))
                .setGranted(money(u.remaining, unitCode)).setShortfall(money(u.shortfall, unitCode))
                .setHeld(money(u.held, unitCode)).build();
    }

    private static Money money(BigDecimal amount, String unit) {
        return Money.newBuilder().setAmount(amount.stripTrailingZeros().toPlainString()).setCurrencyCode(unit).build();
    }

    private static StatusRuntimeException failure(Status.Code code, String reason, String message) {
        return StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder().setCode(code.value()).setMessage(message)
                .addDetails(Any.pack(ErrorInfo.newBuilder().setReason(reason).setDomain("tally.dev").build())).build());
    }

    private interface Call<T> {
        T run();
    }

    private <T> void call(StreamObserver<T> observer, Call<T> call) {
        T result;
        try {
            checkUp();
            result = call.run();
        } catch (StatusRuntimeException e) {
            observer.onError(e);
            return;
        }
        observer.onNext(result);
        observer.onCompleted();
    }
}
