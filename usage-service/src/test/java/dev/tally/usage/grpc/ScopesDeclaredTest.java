package dev.tally.usage.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.support.auth.ScopeTable;
import org.junit.jupiter.api.Test;

/** Every RPC of the contract has its scope declared by @RolesAllowed with a known scope: none is left open. */
class ScopesDeclaredTest {

    @Test
    void everyUsageGrpcServiceRpcHasAScope() {
        assertThat(ScopeTable.unscoped(
                        UsageGrpcService.class, dev.tally.usage.v1.UsageServiceGrpc.getServiceDescriptor()))
                .isEmpty();
        assertThat(ScopeTable.of(UsageGrpcService.class, dev.tally.usage.v1.UsageServiceGrpc.getServiceDescriptor()))
                .hasSize(dev.tally.usage.v1.UsageServiceGrpc.getServiceDescriptor()
                        .getMethods()
                        .size());
    }
}
