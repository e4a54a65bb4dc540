package dev.tally.system;

import dev.tally.catalog.v1.CatalogServiceGrpc;
import dev.tally.invoice.v1.InvoiceServiceGrpc;
import dev.tally.launcher.LocalSystem;
import dev.tally.launcher.TallyService;
import dev.tally.usage.v1.UsageServiceGrpc;
import dev.tally.wallet.v1.WalletServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Every gRPC channel and stub the system tests use, made here and nowhere else (so credentials,
 * e.g. an {@code authorization: Bearer} header, are added in one place). One channel per replica,
 * kept for the whole run: a channel reconnects by itself after its server was killed and restarted.
 * Each stub gets a deadline when it is asked for.
 */
final class SystemClients implements AutoCloseable {

    private static final long DEADLINE_SECONDS = 10;

    private final LocalSystem system;
    private final Map<String, ManagedChannel> channels = new ConcurrentHashMap<>();

    SystemClients(LocalSystem system) {
        this.system = system;
    }

    CatalogServiceGrpc.CatalogServiceBlockingStub catalog(int replica) {
        return CatalogServiceGrpc.newBlockingStub(channel(TallyService.CATALOG, replica))
                .withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS);
    }

    WalletServiceGrpc.WalletServiceBlockingStub wallet(int replica) {
        return WalletServiceGrpc.newBlockingStub(channel(TallyService.WALLET, replica))
                .withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS);
    }

    UsageServiceGrpc.UsageServiceBlockingStub usage(int replica) {
        return UsageServiceGrpc.newBlockingStub(channel(TallyService.USAGE, replica))
                .withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS);
    }

    InvoiceServiceGrpc.InvoiceServiceBlockingStub invoice(int replica) {
        return InvoiceServiceGrpc.newBlockingStub(channel(TallyService.INVOICE, replica))
                .withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS);
    }

    /** How many replicas of each service run. */
    int replicas(TallyService service) {
        return system.replicas(service).size();
    }

    private ManagedChannel channel(TallyService service, int replica) {
        int port = system.replica(service, replica).port();
        return channels.computeIfAbsent(service + ":" + port,
                ignored -> ManagedChannelBuilder.forAddress("localhost", port).usePlaintext().build());
    }

    @Override
    public void close() {
        List.copyOf(channels.values()).forEach(ManagedChannel::shutdownNow);
    }
}
