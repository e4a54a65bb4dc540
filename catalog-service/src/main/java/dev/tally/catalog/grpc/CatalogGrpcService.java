package dev.tally.catalog.grpc;

import dev.tally.catalog.v1.MutinyCatalogServiceGrpc;
import io.quarkus.grpc.GrpcService;

/**
 * The catalog's gRPC API ({@code tally.catalog.v1.CatalogService}). RPCs not overridden here
 * answer UNIMPLEMENTED.
 */
@GrpcService
public class CatalogGrpcService extends MutinyCatalogServiceGrpc.CatalogServiceImplBase {
}
