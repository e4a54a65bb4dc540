package dev.tally.usage.grpc;

import dev.tally.usage.v1.MutinyUsageServiceGrpc;
import io.quarkus.grpc.GrpcService;

/**
 * The usage's gRPC API ({@code tally.usage.v1.UsageService}). RPCs not overridden here
 * answer UNIMPLEMENTED.
 */
@GrpcService
public class UsageGrpcService extends MutinyUsageServiceGrpc.UsageServiceImplBase {
}
