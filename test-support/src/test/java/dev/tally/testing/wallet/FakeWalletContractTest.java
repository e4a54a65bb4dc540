package dev.tally.testing.wallet;

import dev.tally.testing.OffsetClock;
import dev.tally.wallet.v1.WalletServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/** The wallet contract against {@link FakeWallet}, served by a gRPC server in this JVM (wallet-service runs it too). */
class FakeWalletContractTest implements WalletContract {

    private static final OffsetClock CLOCK = new OffsetClock();
    private static Server server;
    private static ManagedChannel channel;

    @BeforeAll
    static void start() throws IOException {
        server = ServerBuilder.forPort(0)
                .addService(new FakeWallet(CLOCK))
                .build()
                .start();
        channel = ManagedChannelBuilder.forAddress("localhost", server.getPort())
                .usePlaintext()
                .build();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    @AfterEach
    void resetClock() {
        CLOCK.reset();
    }

    @Override
    public WalletServiceGrpc.WalletServiceBlockingStub wallet() {
        return WalletServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
    }

    @Override
    public Instant now() {
        return CLOCK.instant();
    }

    @Override
    public void advanceClock(Duration by) {
        CLOCK.advance(by);
    }
}
