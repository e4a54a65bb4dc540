package dev.tally.catalog;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import dev.tally.testing.ServiceFoundationTest;
import dev.tally.testing.Waits;
import io.grpc.ManagedChannel;
import io.grpc.testing.protobuf.SimpleRequest;
import io.grpc.testing.protobuf.SimpleServiceGrpc;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;

@QuarkusTest
class CatalogFoundationTest extends ServiceFoundationTest {

    /** A fresh catalog is ready once seeded from the bundled snapshot (a few seconds after start). */
    @BeforeEach
    void awaitSeeded() {
        await("the catalog is seeded and ready")
                .atMost(Waits.PATIENTLY)
                .until(() -> given().get("/q/health/ready").statusCode() == 200);
    }

    @Override
    protected String grpcServiceName() {
        return "tally.catalog.v1.CatalogService";
    }

    @Override
    protected String migratedTable() {
        return "model";
    }

    /**
     * Every CatalogService RPC is implemented, so this probes a declared RPC of another service on
     * the same server that has no implementation: the test-only SimpleService implements just
     * UnaryRpc (FailingProbeService), so its ServerStreamingRpc answers UNIMPLEMENTED.
     */
    @Override
    protected void callUnimplementedRpc(ManagedChannel channel) {
        SimpleServiceGrpc.newBlockingStub(channel)
                .serverStreamingRpc(SimpleRequest.getDefaultInstance())
                .hasNext();
    }
}
