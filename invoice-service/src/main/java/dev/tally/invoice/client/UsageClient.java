package dev.tally.invoice.client;

import dev.tally.usage.v1.FeatureUsage;
import dev.tally.usage.v1.GetUsageRequest;
import dev.tally.usage.v1.GetUsageResponse;
import dev.tally.usage.v1.MutinyUsageServiceGrpc;
import dev.tally.invoice.config.InvoiceConfig;
import io.quarkus.grpc.GrpcClient;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** usage-service as invoice-service uses it (gRPC client {@code usage}: QUARKUS_GRPC_CLIENTS_USAGE_HOST / _PORT). */
@ApplicationScoped
public class UsageClient {

    private final MutinyUsageServiceGrpc.MutinyUsageServiceStub stub;
    private final long deadlineMillis;

    UsageClient(@GrpcClient("usage") MutinyUsageServiceGrpc.MutinyUsageServiceStub stub, InvoiceConfig config) {
        this.stub = stub;
        this.deadlineMillis = config.callDeadline().toMillis();
    }

    /** Units used per feature code, as GetUsage reports them (METERED: the period's totals). */
    public static Map<String, BigDecimal> unitsByFeature(GetUsageResponse response) {
        Map<String, BigDecimal> used = new LinkedHashMap<>();
        for (FeatureUsage feature : response.getFeaturesList()) {
            String units = feature.getCharge().getUnits();
            used.put(feature.getFeatureCode(), units.isEmpty() ? BigDecimal.ZERO : new BigDecimal(units));
        }
        return used;
    }

    public Uni<GetUsageResponse> getUsage(GetUsageRequest request) {
        return OnContext.resume(stub.withDeadlineAfter(deadlineMillis, TimeUnit.MILLISECONDS).getUsage(request));
    }
}
