package dev.tally.invoice.fakes;

import dev.tally.usage.v1.Charge;
import dev.tally.usage.v1.FeatureUsage;
import dev.tally.usage.v1.GetUsageRequest;
import dev.tally.usage.v1.GetUsageResponse;
import dev.tally.usage.v1.UsageServiceGrpc;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A usage-service test double built from usage.proto: GetUsage answers, for a customer, the
 * per-feature units and the pending debit count a test configured (zero usage otherwise). Every
 * call is recorded; {@link #failNext} makes calls fail with UNAVAILABLE.
 */
public class FakeUsage extends UsageServiceGrpc.UsageServiceImplBase {

    private record Configured(Map<String, String> units, long pending) {}

    private final Map<String, Configured> usage = new ConcurrentHashMap<>();
    private final List<GetUsageRequest> calls = new CopyOnWriteArrayList<>();
    private final AtomicInteger failures = new AtomicInteger();

    public void reset() {
        usage.clear();
        calls.clear();
        failures.set(0);
    }

    /** What GetUsage answers for the customer from now on: units per feature code, and pending debits. */
    public void set(String customerId, Map<String, String> unitsByFeature, long pendingDebits) {
        usage.put(customerId, new Configured(new TreeMap<>(unitsByFeature), pendingDebits));
    }

    public void failNext(int count) {
        failures.set(count);
    }

    public List<GetUsageRequest> calls() {
        return List.copyOf(calls);
    }

    @Override
    public void getUsage(GetUsageRequest request, StreamObserver<GetUsageResponse> out) {
        calls.add(request);
        if (failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            out.onError(Status.UNAVAILABLE.withDescription("fake usage down").asRuntimeException());
            return;
        }
        Configured configured = usage.getOrDefault(request.getCustomerId(), new Configured(Map.of(), 0));
        GetUsageResponse.Builder response = GetUsageResponse.newBuilder()
                .setCustomerId(request.getCustomerId())
                .setPendingDebitCount(configured.pending());
        configured
                .units()
                .forEach((feature, units) -> response.addFeatures(FeatureUsage.newBuilder()
                        .setFeatureCode(feature)
                        .setEventCount(1)
                        .setCharge(Charge.newBuilder().setUnits(units))));
        out.onNext(response.build());
        out.onCompleted();
    }
}
