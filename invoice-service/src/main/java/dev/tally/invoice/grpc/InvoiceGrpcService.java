package dev.tally.invoice.grpc;

import dev.tally.invoice.v1.MutinyInvoiceServiceGrpc;
import io.quarkus.grpc.GrpcService;

/**
 * The invoice's gRPC API ({@code tally.invoice.v1.InvoiceService}). RPCs not overridden here
 * answer UNIMPLEMENTED.
 */
@GrpcService
public class InvoiceGrpcService extends MutinyInvoiceServiceGrpc.InvoiceServiceImplBase {
}
