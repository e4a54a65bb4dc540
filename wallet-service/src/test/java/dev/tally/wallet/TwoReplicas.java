package dev.tally.wallet;

import dev.tally.launcher.ServiceProcess;
import dev.tally.launcher.TallyService;
import dev.tally.testing.Replicas;
import dev.tally.testing.TestDatabase;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Two processes of the packaged wallet-service (ITs, after {@code package}) on one fresh database,
 * with a channel to each. Closing them checks the ledger invariant and drops the database.
 */
final class TwoReplicas implements AutoCloseable {

    final String database;
    final ManagedChannel toA;
    final ManagedChannel toB;
    private final ServiceProcess instanceA;
    private final ServiceProcess instanceB;

    private TwoReplicas(String database, ServiceProcess instanceA, ServiceProcess instanceB) {
        this.database = database;
        this.instanceA = instanceA;
        this.instanceB = instanceB;
        this.toA = ManagedChannelBuilder.forAddress("localhost", instanceA.port())
                .usePlaintext()
                .build();
        this.toB = ManagedChannelBuilder.forAddress("localhost", instanceB.port())
                .usePlaintext()
                .build();
    }

    /**
     * @param name  prefix of the database and the process logs ({@code target/<name>-a.log})
     * @param extra environment beyond the database settings
     */
    static TwoReplicas start(String name, Map<String, String> extra) {
        TestDatabase db = TestDatabase.get();
        String database = db.createDatabase(name);
        Map<String, String> env = new HashMap<>(Replicas.databaseEnv(db, database));
        env.putAll(extra);
        ServiceProcess a = Replicas.launch(TallyService.WALLET, name + "-a", env);
        ServiceProcess b = Replicas.launch(TallyService.WALLET, name + "-b", env);
        a.awaitReady(Duration.ofSeconds(90));
        b.awaitReady(Duration.ofSeconds(90));
        return new TwoReplicas(database, a, b);
    }

    @Override
    public void close() throws InterruptedException {
        toA.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        toB.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        try (ServiceProcess a = instanceA;
                ServiceProcess b = instanceB) {
            LedgerInvariant.assertHolds(database);
        } finally {
            TestDatabase.get().dropDatabase(database);
        }
    }
}
