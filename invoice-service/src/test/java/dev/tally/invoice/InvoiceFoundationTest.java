package dev.tally.invoice;

import dev.tally.invoice.v1.InvoiceServiceGrpc;
import dev.tally.invoice.v1.VoidInvoiceRequest;
import dev.tally.testing.ServiceFoundationTest;
import io.grpc.ManagedChannel;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class InvoiceFoundationTest extends ServiceFoundationTest {

    @Override
    protected String grpcServiceName() {
        return "tally.invoice.v1.InvoiceService";
    }

    @Override
    protected String migratedTable() {
        return "customer";
    }

    @Override
    protected void callUnimplementedRpc(ManagedChannel channel) {
        InvoiceServiceGrpc.newBlockingStub(channel).voidInvoice(VoidInvoiceRequest.getDefaultInstance());
    }
}
