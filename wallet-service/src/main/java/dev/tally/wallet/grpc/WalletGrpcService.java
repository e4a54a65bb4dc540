package dev.tally.wallet.grpc;

import dev.tally.wallet.v1.MutinyWalletServiceGrpc;
import io.quarkus.grpc.GrpcService;

/**
 * The wallet's gRPC API ({@code tally.wallet.v1.WalletService}). RPCs not overridden here
 * answer UNIMPLEMENTED.
 */
@GrpcService
public class WalletGrpcService extends MutinyWalletServiceGrpc.WalletServiceImplBase {
}
