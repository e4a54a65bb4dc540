package dev.tally.launcher;

import java.nio.file.Path;

/** The four services: module folder, default port, database name, main gRPC service. */
public enum TallyService {
    CATALOG("catalog-service", 8081, "tally_catalog", "tally.catalog.v1.CatalogService"),
    WALLET("wallet-service", 8082, "tally_wallet", "tally.wallet.v1.WalletService"),
    USAGE("usage-service", 8083, "tally_usage", "tally.usage.v1.UsageService"),
    INVOICE("invoice-service", 8084, "tally_invoice", "tally.invoice.v1.InvoiceService");

    private final String module;
    private final int defaultPort;
    private final String database;
    private final String grpcService;

    TallyService(String module, int defaultPort, String database, String grpcService) {
        this.module = module;
        this.defaultPort = defaultPort;
        this.database = database;
        this.grpcService = grpcService;
    }

    public String module() {
        return module;
    }

    public int defaultPort() {
        return defaultPort;
    }

    public String database() {
        return database;
    }

    public String grpcService() {
        return grpcService;
    }

    /** The runnable Quarkus application the build produces for this service. */
    public Path runnableJar(Path projectRoot) {
        return projectRoot.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
    }
}
