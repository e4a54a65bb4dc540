package dev.tally.usage.support;

import dev.tally.testing.wallet.FakeWallet;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The gRPC test doubles of catalog-service, wallet-service and invoice-service (plain grpc-java
 * servers in the test JVM, built from the same contracts), started once per JVM, and the
 * configuration that points the application's gRPC clients at them.
 */
public final class Doubles implements QuarkusTestResourceLifecycleManager {

    public static final CatalogDouble CATALOG = new CatalogDouble();
    public static final FakeWallet WALLET = new FakeWallet();
    public static final InvoiceDouble INVOICE = new InvoiceDouble();
    private static Server catalog;
    private static Server wallet;
    private static Server invoice;

    /** Starts the three servers (once); returns the client settings, e.g. for a packaged service's environment. */
    public static synchronized Map<String, String> startServers() {
        try {
            if (catalog == null) {
                catalog = ServerBuilder.forPort(0).addService(CATALOG).build().start();
                wallet = ServerBuilder.forPort(0).addService(WALLET).build().start();
                invoice = ServerBuilder.forPort(0).addService(INVOICE).build().start();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        java.util.Map<String, String> config = new java.util.HashMap<>(Map.of(
                "quarkus.grpc.clients.catalog.port",
                String.valueOf(catalog.getPort()),
                "quarkus.grpc.clients.wallet.port",
                String.valueOf(wallet.getPort()),
                "quarkus.grpc.clients.invoice.port",
                String.valueOf(invoice.getPort()),
                "quarkus.grpc.clients.catalog.host",
                "localhost",
                "quarkus.grpc.clients.wallet.host",
                "localhost",
                "quarkus.grpc.clients.invoice.host",
                "localhost"));
        // in the test profile Quarkus connects clients to test-port (default 9001) instead of port
        config.put("quarkus.grpc.clients.catalog.test-port", String.valueOf(catalog.getPort()));
        config.put("quarkus.grpc.clients.wallet.test-port", String.valueOf(wallet.getPort()));
        config.put("quarkus.grpc.clients.invoice.test-port", String.valueOf(invoice.getPort()));
        return config;
    }

    @Override
    public Map<String, String> start() {
        return startServers();
    }

    @Override
    public void stop() {
        // the servers live as long as the JVM: test classes share them
    }
}
