package dev.tally.usage;

import dev.tally.usage.v1.UsageServiceGrpc;
import dev.tally.usage.v1.CheckRequest;
import dev.tally.testing.ServiceFoundationTest;
import io.grpc.ManagedChannel;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class UsageFoundationTest extends ServiceFoundationTest {

    @Override
    protected String grpcServiceName() {
        return "tally.usage.v1.UsageService";
    }

    @Override
    protected String migratedTable() {
        return "usage_event";
    }

    @Override
    protected void callUnimplementedRpc(ManagedChannel channel) {
        UsageServiceGrpc.newBlockingStub(channel).check(CheckRequest.getDefaultInstance());
    }
}
