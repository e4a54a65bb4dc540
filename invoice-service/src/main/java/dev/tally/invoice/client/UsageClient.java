package dev.tally.invoice.client;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.tally.invoice.config.InvoiceConfig;
import dev.tally.invoice.domain.PeriodUsage;
import dev.tally.support.proto.ProtoTime;
import dev.tally.usage.v1.FeatureUsage;
import dev.tally.usage.v1.GetUsageRequest;
import dev.tally.usage.v1.GetUsageResponse;
import dev.tally.usage.v1.MutinyUsageServiceGrpc;
import io.quarkus.grpc.GrpcClient;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Instant;
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

    /** The usage of the customer's period starting at {@code periodStart}, so far. */
    public Uni<PeriodUsage> periodUsage(String customerId, Instant periodStart) {
        GetUsageRequest request = GetUsageRequest.newBuilder()
                .setCustomerId(customerId)
                .setPeriodTime(ProtoTime.timestamp(periodStart))
                .build();
        return OnContext.resume(stub.withDeadlineAfter(deadlineMillis, TimeUnit.MILLISECONDS)
                        .getUsage(request))
                .map(UsageClient::usage);
    }

    /** A usage report as a USAGE step recorded it. */
    public PeriodUsage recorded(byte[] recorded) {
        try {
            return usage(GetUsageResponse.parseFrom(recorded));
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("a recorded usage report is unreadable", e);
        }
    }

    private static PeriodUsage usage(GetUsageResponse response) {
        Map<String, BigDecimal> used = new LinkedHashMap<>();
        for (FeatureUsage feature : response.getFeaturesList()) {
            String units = feature.getCharge().getUnits();
            used.put(feature.getFeatureCode(), units.isEmpty() ? BigDecimal.ZERO : new BigDecimal(units));
        }
        return new PeriodUsage(response.getPendingDebitCount(), used, response.toByteArray());
    }
}
