package dev.tally.wallet;

import dev.tally.wallet.v1.WalletServiceGrpc;
import dev.tally.wallet.v1.ListTransactionsRequest;
import dev.tally.testing.ServiceFoundationTest;
import io.grpc.ManagedChannel;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class WalletFoundationTest extends ServiceFoundationTest {

    @Override
    protected String grpcServiceName() {
        return "tally.wallet.v1.WalletService";
    }

    @Override
    protected String migratedTable() {
        return "wallet";
    }

    @Override
    protected void callUnimplementedRpc(ManagedChannel channel) {
        WalletServiceGrpc.newBlockingStub(channel).listTransactions(ListTransactionsRequest.getDefaultInstance());
    }
}
