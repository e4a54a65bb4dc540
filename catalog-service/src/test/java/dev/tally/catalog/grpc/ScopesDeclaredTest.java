package dev.tally.catalog.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.support.auth.ScopeTable;
import org.junit.jupiter.api.Test;

/** Every RPC of the contract has its scope declared by @RolesAllowed with a known scope: none is left open. */
class ScopesDeclaredTest {

    @Test
    void everyCatalogGrpcServiceRpcHasAScope() {
        assertThat(ScopeTable.unscoped(
                        CatalogGrpcService.class, dev.tally.catalog.v1.CatalogServiceGrpc.getServiceDescriptor()))
                .isEmpty();
        assertThat(ScopeTable.of(
                        CatalogGrpcService.class, dev.tally.catalog.v1.CatalogServiceGrpc.getServiceDescriptor()))
                .hasSize(dev.tally.catalog.v1.CatalogServiceGrpc.getServiceDescriptor()
                        .getMethods()
                        .size());
    }
}
