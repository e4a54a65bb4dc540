package dev.tally.wallet;

import dev.tally.testing.ServiceFoundationTest;
import io.quarkus.test.junit.QuarkusTest;

/** The foundation checks; every wallet RPC is implemented, so the UNIMPLEMENTED probe uses an unknown method. */
@QuarkusTest
class WalletFoundationTest extends ServiceFoundationTest {

    @Override
    protected String grpcServiceName() {
        return "tally.wallet.v1.WalletService";
    }

    @Override
    protected String migratedTable() {
        return "ledger_entry";
    }
}
