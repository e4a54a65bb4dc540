package dev.tally.catalog;

import dev.tally.catalog.v1.CatalogServiceGrpc;
import dev.tally.catalog.v1.GetSyncStatusRequest;
import dev.tally.testing.ServiceFoundationTest;
import io.grpc.ManagedChannel;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class CatalogFoundationTest extends ServiceFoundationTest {

    @Override
    protected String grpcServiceName() {
        return "tally.catalog.v1.CatalogService";
    }

    @Override
    protected String migratedTable() {
        return "model";
    }

    @Override
    protected void callUnimplementedRpc(ManagedChannel channel) {
        CatalogServiceGrpc.newBlockingStub(channel).getSyncStatus(GetSyncStatusRequest.getDefaultInstance());
    }
}
