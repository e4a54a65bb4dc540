package dev.tally.system;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tally.catalog.v1.CatalogServiceGrpc;
import dev.tally.invoice.v1.InvoiceServiceGrpc;
import dev.tally.launcher.LocalSystem;
import dev.tally.launcher.TallyService;
import dev.tally.usage.v1.UsageServiceGrpc;
import dev.tally.wallet.v1.WalletServiceGrpc;
import io.grpc.Channel;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.stub.AbstractStub;
import io.grpc.stub.MetadataUtils;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Every gRPC channel and stub the system tests use, made here and nowhere else (so credentials,
 * e.g. an {@code authorization: Bearer} header, are added in one place). One channel per replica,
 * kept for the whole run: a channel reconnects by itself after its server was killed and restarted.
 * Channels use the client service config shipped with the contracts
 * ({@code proto/grpc-service-config.json}: UNAVAILABLE retried, safe because every mutating call is
 * idempotent), as clients are told to. Each stub gets a deadline when it is asked for.
 */
final class SystemClients implements AutoCloseable {

    private static final long DEADLINE_SECONDS = 10;

    private static final Path SERVICE_CONFIG = SystemUnderTest.ROOT.resolve("proto/grpc-service-config.json");

    private final LocalSystem system;
    private final Map<String, ?> serviceConfig = serviceConfig();
    private final Map<String, ManagedChannel> channels = new ConcurrentHashMap<>();

    private final String apiKey;

    /** Clients of {@code system} sending {@code apiKey} (the local run's bootstrap admin key: every scope). */
    SystemClients(LocalSystem system, String apiKey) {
        this.system = system;
        this.apiKey = apiKey;
    }

    CatalogServiceGrpc.CatalogServiceBlockingStub catalog(int replica) {
        return stub(CatalogServiceGrpc::newBlockingStub, TallyService.CATALOG, replica);
    }

    WalletServiceGrpc.WalletServiceBlockingStub wallet(int replica) {
        return stub(WalletServiceGrpc::newBlockingStub, TallyService.WALLET, replica);
    }

    UsageServiceGrpc.UsageServiceBlockingStub usage(int replica) {
        return stub(UsageServiceGrpc::newBlockingStub, TallyService.USAGE, replica);
    }

    InvoiceServiceGrpc.InvoiceServiceBlockingStub invoice(int replica) {
        return stub(InvoiceServiceGrpc::newBlockingStub, TallyService.INVOICE, replica);
    }

    private <S extends AbstractStub<S>> S stub(Function<Channel, S> factory, TallyService service, int replica) {
        return factory.apply(channel(service, replica)).withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS);
    }

    private ManagedChannel channel(TallyService service, int replica) {
        int port = system.replica(service, replica).port();
        return channels.computeIfAbsent(
                service + ":" + port,
                ignored -> ManagedChannelBuilder.forAddress("localhost", port)
                        .usePlaintext()
                        .defaultServiceConfig(serviceConfig)
                        .enableRetry()
                        .intercept(MetadataUtils.newAttachHeadersInterceptor(bearer(apiKey)))
                        .build());
    }

    private static Metadata bearer(String apiKey) {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + apiKey);
        return headers;
    }

    /** The service config as grpc-java takes it: JSON objects, lists, strings, booleans and numbers as Double. */
    @SuppressWarnings("unchecked")
    private static Map<String, ?> serviceConfig() {
        try {
            return (Map<String, ?>) javaValue(new ObjectMapper().readValue(SERVICE_CONFIG.toFile(), Object.class));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + SERVICE_CONFIG, e);
        }
    }

    private static Object javaValue(Object json) {
        if (json instanceof Map<?, ?> map) {
            Map<String, Object> copy = new java.util.LinkedHashMap<>();
            map.forEach((k, v) -> copy.put((String) k, javaValue(v)));
            return copy;
        }
        if (json instanceof List<?> list) {
            return list.stream().map(SystemClients::javaValue).toList();
        }
        return json instanceof Number n ? (Object) n.doubleValue() : json;
    }

    /**
     * Lets every channel try to connect again at once: after a server was restarted, a channel that
     * failed to reach it waits out gRPC's exponential reconnect backoff (up to minutes) before it
     * tries again, answering UNAVAILABLE meanwhile. A client would retry; the tests need not wait.
     */
    void resetConnectBackoff() {
        channels.values().forEach(ManagedChannel::resetConnectBackoff);
    }

    @Override
    public void close() {
        List.copyOf(channels.values()).forEach(ManagedChannel::shutdownNow);
    }
}
