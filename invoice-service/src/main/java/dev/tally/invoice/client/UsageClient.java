package dev.tally.invoice.client;

import dev.tally.usage.v1.GetUsageRequest;
import dev.tally.usage.v1.GetUsageResponse;
import dev.tally.usage.v1.MutinyUsageServiceGrpc;
import io.quarkus.grpc.GrpcClient;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** usage-service as invoice-service uses it (gRPC client {@code usage}: QUARKUS_GRPC_CLIENTS_USAGE_HOST / _PORT). */
@ApplicationScoped
public class UsageClient {

    @GrpcClient("usage")
    MutinyUsageServiceGrpc.MutinyUsageServiceStub usage;

    public Uni<GetUsageResponse> getUsage(GetUsageRequest request) {
        return OnContext.resume(usage.getUsage(request));
    }
}
