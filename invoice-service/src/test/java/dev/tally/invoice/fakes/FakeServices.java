package dev.tally.invoice.fakes;

import dev.tally.invoice.TestClock;
import dev.tally.launcher.ServiceProcess;
import dev.tally.launcher.TallyService;
import dev.tally.testing.PackagedService;
import dev.tally.testing.Replicas;
import dev.tally.testing.TestDatabase;
import dev.tally.testing.wallet.FakeWallet;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Starts the wallet and usage test doubles as plain grpc-java servers in the test JVM (before the
 * application) and points the application's gRPC clients {@code wallet} and {@code usage} at them.
 * With the system property {@value #REAL_WALLET_PROPERTY} (the failsafe run of the {@code *IT}
 * tests, after {@code package}), the wallet is instead the real, packaged wallet-service, started as
 * its own process on a fresh database ({@link #realWalletPort()}); a test can start it again with its
 * clock moved on ({@link #restartRealWallet}).
 */
public class FakeServices implements QuarkusTestResourceLifecycleManager {

    /** The application's clock in tests (its {@code TestClock} bean), which the fake wallet keeps time by. */
    public static final TestClock CLOCK = new TestClock();

    public static final FakeWallet WALLET = new FakeWallet(CLOCK);
    public static final FakeUsage USAGE = new FakeUsage();

    public static final String REAL_WALLET_PROPERTY = "tally.it.real-wallet";
    private static volatile int realWalletPort;
    private static volatile String realWalletDatabaseName;
    private static volatile ServiceProcess realWallet;

    private Server wallet;
    private Server usage;
    private String realWalletDatabase;

    @Override
    public Map<String, String> start() {
        int walletPort;
        try {
            usage = ServerBuilder.forPort(0).addService(USAGE).build().start();
            if (Boolean.getBoolean(REAL_WALLET_PROPERTY)) {
                TestDatabase db = TestDatabase.get();
                realWalletDatabase = db.createDatabase("wallet_it");
                realWallet =
                        Replicas.launch(TallyService.WALLET, "wallet-it", Replicas.databaseEnv(db, realWalletDatabase));
                realWallet.awaitReady(Duration.ofSeconds(120));
                walletPort = realWallet.port();
                realWalletPort = walletPort;
                realWalletDatabaseName = realWalletDatabase;
            } else {
                wallet = ServerBuilder.forPort(0).addService(WALLET).build().start();
                walletPort = wallet.getPort();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // test-port too: in test mode a client otherwise calls the application under test itself
        return Map.of(
                "quarkus.grpc.clients.wallet.host", "localhost",
                "quarkus.grpc.clients.wallet.port", String.valueOf(walletPort),
                "quarkus.grpc.clients.wallet.test-port", String.valueOf(walletPort),
                "quarkus.grpc.clients.usage.host", "localhost",
                "quarkus.grpc.clients.usage.port", String.valueOf(usage.getPort()),
                "quarkus.grpc.clients.usage.test-port", String.valueOf(usage.getPort()));
    }

    /** The port of the real wallet-service process (ITs only). */
    public static int realWalletPort() {
        return realWalletPort;
    }

    /** The database of the real wallet-service process (ITs only). */
    public static String realWalletDatabase() {
        return realWalletDatabaseName;
    }

    /**
     * Stops the real wallet-service process (SIGTERM) and starts it again on the same port and
     * database with its clock {@code offset} from the real time ({@link PackagedService#clockOffset}),
     * as if that much time had passed; returns once it is ready (ITs only).
     */
    public static void restartRealWallet(Duration offset) {
        ServiceProcess stopped = realWallet;
        stopped.close();
        realWallet = stopped.restart(PackagedService.clockOffset(offset));
        realWallet.awaitReady(Duration.ofSeconds(120));
    }

    @Override
    public void stop() {
        try {
            if (wallet != null) {
                wallet.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
            usage.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (realWallet != null) {
            realWallet.close();
            realWallet = null;
            TestDatabase.get().dropDatabase(realWalletDatabase);
        }
    }
}
