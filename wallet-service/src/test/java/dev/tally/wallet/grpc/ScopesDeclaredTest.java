package dev.tally.wallet.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.support.auth.ScopeTable;
import org.junit.jupiter.api.Test;

/** Every RPC of the contract has its scope declared by @RolesAllowed with a known scope: none is left open. */
class ScopesDeclaredTest {

    @Test
    void everyWalletGrpcServiceRpcHasAScope() {
        assertThat(ScopeTable.unscoped(
                        WalletGrpcService.class, dev.tally.wallet.v1.WalletServiceGrpc.getServiceDescriptor()))
                .isEmpty();
        assertThat(ScopeTable.of(WalletGrpcService.class, dev.tally.wallet.v1.WalletServiceGrpc.getServiceDescriptor()))
                .hasSize(dev.tally.wallet.v1.WalletServiceGrpc.getServiceDescriptor()
                        .getMethods()
                        .size());
    }
}
