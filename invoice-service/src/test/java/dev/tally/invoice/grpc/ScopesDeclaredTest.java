package dev.tally.invoice.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.support.auth.ScopeTable;
import org.junit.jupiter.api.Test;

/** Every RPC of the contract has its scope declared by @RolesAllowed with a known scope: none is left open. */
class ScopesDeclaredTest {

    @Test
    void everyInvoiceGrpcServiceRpcHasAScope() {
        assertThat(ScopeTable.unscoped(
                        InvoiceGrpcService.class, dev.tally.invoice.v1.InvoiceServiceGrpc.getServiceDescriptor()))
                .isEmpty();
        assertThat(ScopeTable.of(
                        InvoiceGrpcService.class, dev.tally.invoice.v1.InvoiceServiceGrpc.getServiceDescriptor()))
                .hasSize(dev.tally.invoice.v1.InvoiceServiceGrpc.getServiceDescriptor()
                        .getMethods()
                        .size());
    }

    @Test
    void everyApiKeyServiceRpcHasAScope() {
        assertThat(ScopeTable.unscoped(
                        ApiKeyGrpcService.class, dev.tally.auth.v1.ApiKeyServiceGrpc.getServiceDescriptor()))
                .isEmpty();
        assertThat(ScopeTable.of(ApiKeyGrpcService.class, dev.tally.auth.v1.ApiKeyServiceGrpc.getServiceDescriptor()))
                .hasSize(dev.tally.auth.v1.ApiKeyServiceGrpc.getServiceDescriptor()
                        .getMethods()
                        .size());
    }
}
