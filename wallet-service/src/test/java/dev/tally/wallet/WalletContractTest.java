package dev.tally.wallet;

import dev.tally.testing.wallet.WalletContract;
import dev.tally.wallet.v1.WalletServiceGrpc;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;

/**
 * The wallet contract (test-support's {@link WalletContract}) against the real service, so that
 * test-support's {@code FakeWallet}, which other services' tests use, answers as this service does.
 * The ledger invariant is checked after every case ({@link WalletTest}).
 */
@QuarkusTest
class WalletContractTest extends WalletTest implements WalletContract {

    @Override
    public WalletServiceGrpc.WalletServiceBlockingStub wallet() {
        return wallet;
    }

    @Override
    public Instant now() {
        return clock.instant();
    }

    @Override
    public void advanceClock(Duration by) {
        clock.advance(by);
    }
}
