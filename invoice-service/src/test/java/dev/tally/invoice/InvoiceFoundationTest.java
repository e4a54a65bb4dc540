package dev.tally.invoice;

import dev.tally.testing.ServiceFoundationTest;
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
}
