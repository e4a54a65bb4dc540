package dev.tally.invoice.fakes;

import com.google.protobuf.Message;
import dev.tally.common.v1.Money;
import dev.tally.wallet.v1.Balance;
import dev.tally.wallet.v1.ExpireGrantsRequest;
import dev.tally.wallet.v1.ExpireGrantsResponse;
import dev.tally.wallet.v1.GetBalanceRequest;
import dev.tally.wallet.v1.GetBalanceResponse;
import dev.tally.wallet.v1.Grant;
import dev.tally.wallet.v1.GrantCreditsRequest;
import dev.tally.wallet.v1.GrantCreditsResponse;
import dev.tally.wallet.v1.GrantSource;
import dev.tally.wallet.v1.SettleShortfallRequest;
import dev.tally.wallet.v1.SettleShortfallResponse;
import dev.tally.wallet.v1.TopUpRequest;
import dev.tally.wallet.v1.TopUpResponse;
import dev.tally.wallet.v1.WalletServiceGrpc;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A wallet-service test double built from wallet.proto, answering like the real one where the
 * invoice depends on it: calls are idempotent by (customer, key) (a replay returns the first answer
 * with duplicate = true), grants are kept and listed by GetBalance, SettleShortfall claims the
 * shortfall a test configured for the customer and unit (once), ExpireGrants reports the period's
 * grants as expired. Every call is recorded; {@link #failNext} makes calls fail with UNAVAILABLE.
 */
public class FakeWallet extends WalletServiceGrpc.WalletServiceImplBase {

    /** One call as received. */
    public record Call(String method, Message request, boolean replay) {
    }

    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final Map<String, Message> answered = new ConcurrentHashMap<>();
    private final Map<String, List<Grant>> grants = new ConcurrentHashMap<>();
    private final Map<String, BigDecimal> shortfall = new ConcurrentHashMap<>();
    private final AtomicInteger failures = new AtomicInteger();
    private final AtomicInteger lostAnswers = new AtomicInteger();
    private final AtomicInteger grantIds = new AtomicInteger();

    public void reset() {
        calls.clear();
        answered.clear();
        grants.clear();
        shortfall.clear();
        failures.set(0);
        lostAnswers.set(0);
    }

    /** The next {@code count} mutating calls are applied, but their answer is lost (UNAVAILABLE), as in a crash. */
    public void loseNextAnswers(int count) {
        lostAnswers.set(count);
    }

    /** Outstanding shortfall of a customer's unit that the next SettleShortfall claims. */
    public void setShortfall(String customerId, String unit, String amount) {
        shortfall.put(customerId + "|" + unit, new BigDecimal(amount));
    }

    /** The next {@code count} calls fail with UNAVAILABLE and change nothing. */
    public void failNext(int count) {
        failures.set(count);
    }

    public List<Call> calls(String method) {
        return calls.stream().filter(c -> c.method().equals(method)).toList();
    }

    /** Calls that changed something (not replays). */
    public List<Call> applied(String method) {
        return calls(method).stream().filter(c -> !c.replay()).toList();
    }

    /** Calls for one customer that changed something (tests share the service, and its job serves every customer). */
    public List<Call> applied(String method, String customerId) {
        return applied(method).stream().filter(c -> customerId.equals(
                c.request().getField(c.request().getDescriptorForType().findFieldByName("customer_id")))).toList();
    }

    public List<Grant> grants(String customerId) {
        return List.copyOf(grants.getOrDefault(customerId, List.of()));
    }

    @Override
    public void grantCredits(GrantCreditsRequest request, StreamObserver<GrantCreditsResponse> out) {
        answer("GrantCredits", request, request.getCustomerId(), request.getIdempotencyKey(), out, () -> {
            Grant grant = grant(request.getCustomerId(), request.getAmount(), request.getSource(), request);
            return GrantCreditsResponse.newBuilder().setGrant(grant).setShortfallSettled(zero(request.getAmount()))
                    .setBalance(balance(request.getCustomerId(), request.getAmount().getCurrencyCode())).build();
        }, r -> r.toBuilder().setDuplicate(true).build());
    }

    @Override
    public void topUp(TopUpRequest request, StreamObserver<TopUpResponse> out) {
        answer("TopUp", request, request.getCustomerId(), request.getIdempotencyKey(), out, () -> {
            Grant grant = grant(request.getCustomerId(), request.getAmount(), GrantSource.GRANT_SOURCE_TOP_UP, null);
            return TopUpResponse.newBuilder().setGrant(grant).setShortfallSettled(zero(request.getAmount()))
                    .setBalance(balance(request.getCustomerId(), request.getAmount().getCurrencyCode())).build();
        }, r -> r.toBuilder().setDuplicate(true).build());
    }

    @Override
    public void settleShortfall(SettleShortfallRequest request, StreamObserver<SettleShortfallResponse> out) {
        answer("SettleShortfall", request, request.getCustomerId(), request.getIdempotencyKey(), out, () -> {
            BigDecimal settled = shortfall.remove(request.getCustomerId() + "|" + request.getCurrencyCode());
            settled = settled == null ? BigDecimal.ZERO : settled;
            return SettleShortfallResponse.newBuilder()
                    .setSettled(Money.newBuilder().setAmount(settled.toPlainString()).setCurrencyCode(request.getCurrencyCode()))
                    .setSettledDebitCount(settled.signum() > 0 ? 1 : 0)
                    .setBalance(balance(request.getCustomerId(), request.getCurrencyCode())).build();
        }, r -> r.toBuilder().setDuplicate(true).build());
    }

    @Override
    public void expireGrants(ExpireGrantsRequest request, StreamObserver<ExpireGrantsResponse> out) {
        answer("ExpireGrants", request, request.getCustomerId(), request.getIdempotencyKey(), out, () -> {
            List<Grant> mine = grants.getOrDefault(request.getCustomerId(), new ArrayList<>());
            mine.removeIf(g -> g.getPeriodReference().equals(request.getPeriodReference()));
            return ExpireGrantsResponse.newBuilder()
                    .setTotalExpired(Money.newBuilder().setAmount("0").setCurrencyCode(request.getCurrencyCode()))
                    .setBalance(balance(request.getCustomerId(), request.getCurrencyCode())).build();
        }, r -> r.toBuilder().setDuplicate(true).build());
    }

    @Override
    public void getBalance(GetBalanceRequest request, StreamObserver<GetBalanceResponse> out) {
        calls.add(new Call("GetBalance", request, false));
        if (failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            out.onError(Status.UNAVAILABLE.withDescription("fake wallet down").asRuntimeException());
            return;
        }
        List<String> units = request.getCurrencyCode().isEmpty()
                ? grants.getOrDefault(request.getCustomerId(), List.of()).stream()
                .map(g -> g.getOriginalAmount().getCurrencyCode()).distinct().sorted().toList()
                : List.of(request.getCurrencyCode());
        GetBalanceResponse.Builder response = GetBalanceResponse.newBuilder();
        units.forEach(unit -> response.addBalances(balance(request.getCustomerId(), unit)));
        out.onNext(response.build());
        out.onCompleted();
    }

    private synchronized <R extends Message> void answer(String method, Message request, String customerId, String key,
                                                         StreamObserver<R> out, Supplier<R> apply,
                                                         java.util.function.UnaryOperator<R> duplicate) {
        if (failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            calls.add(new Call(method, request, true));
            out.onError(Status.UNAVAILABLE.withDescription("fake wallet down").asRuntimeException());
            return;
        }
        String slot = customerId + "|" + key;
        @SuppressWarnings("unchecked") R earlier = (R) answered.get(slot);
        if (earlier != null) {
            calls.add(new Call(method, request, true));
            out.onNext(duplicate.apply(earlier));
        } else {
            calls.add(new Call(method, request, false));
            R response = apply.get();
            answered.put(slot, response);
            if (lostAnswers.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                out.onError(Status.UNAVAILABLE.withDescription("fake wallet: answer lost").asRuntimeException());
                return;
            }
            out.onNext(response);
        }
        out.onCompleted();
    }

    private Grant grant(String customerId, Money amount, GrantSource source, GrantCreditsRequest request) {
        Grant.Builder grant = Grant.newBuilder().setGrantId("grant-" + grantIds.incrementAndGet())
                .setCustomerId(customerId).setSource(source).setOriginalAmount(amount).setRemainingAmount(amount);
        if (request != null) {
            if (request.hasEffectiveTime()) {
                grant.setEffectiveTime(request.getEffectiveTime());
            }
            if (request.hasExpireTime()) {
                grant.setExpireTime(request.getExpireTime());
            }
            grant.setPeriodReference(request.getPeriodReference()).setReference(request.getReference());
        }
        Grant built = grant.build();
        grants.computeIfAbsent(customerId, c -> new CopyOnWriteArrayList<>()).add(built);
        return built;
    }

    private Balance balance(String customerId, String unit) {
        BigDecimal granted = BigDecimal.ZERO;
        Balance.Builder balance = Balance.newBuilder().setCustomerId(customerId).setCurrencyCode(unit);
        for (Grant g : grants.getOrDefault(customerId, List.of())) {
            if (g.getOriginalAmount().getCurrencyCode().equals(unit)) {
                granted = granted.add(new BigDecimal(g.getRemainingAmount().getAmount()));
                balance.addGrants(g);
            }
        }
        BigDecimal owed = shortfall.getOrDefault(customerId + "|" + unit, BigDecimal.ZERO);
        return balance.setGranted(money(granted, unit)).setShortfall(money(owed, unit))
                .setAvailable(money(granted.subtract(owed), unit)).setHeld(money(BigDecimal.ZERO, unit)).build();
    }

    private static Money money(BigDecimal amount, String unit) {
        return Money.newBuilder().setAmount(amount.stripTrailingZeros().toPlainString()).setCurrencyCode(unit).build();
    }

    private static Money zero(Money like) {
        return Money.newBuilder().setAmount("0").setCurrencyCode(like.getCurrencyCode()).build();
    }
}
