package dev.tally.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.Descriptors;
import com.google.protobuf.DynamicMessage;
import com.google.rpc.ErrorInfo;
import dev.tally.launcher.DatabaseServer;
import dev.tally.launcher.TallyService;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.ClientCalls;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * API keys on the packaged services, authentication on: every RPC of every service (found by
 * reflection, checked against the scope table below, which docs/security.md repeats) refuses a
 * call without a key, with a key lacking its scope (naming the scope), with a revoked key and with an
 * expired key, and changes no row of any database while refusing; with its scope it is let through.
 * No secret created appears in any service log. And a revocation reaches the second wallet-service
 * replica through the revocation stream, well before the cached key would have expired. Runs first
 * on the shared system ({@link SharedSystem}), while nothing else changes its databases.
 */
@ExtendWith(SharedSystem.class)
@Order(1)
class AuthMatrixTest {

    /**
     * How long a revocation may take to reach both wallet replicas here: less than the 60 s a
     * verified key stays fresh in a verifier's cache ({@code tally.auth.verified-for}), so a key
     * refused within it was dropped by the revocation stream, not by the cache expiring.
     */
    private static final Duration REVOCATION_REACHES_REPLICAS = Duration.ofSeconds(30);

    static final Map<String, String> SCOPES = Map.ofEntries(
            Map.entry("tally.catalog.v1.CatalogService/ListModels", "catalog:read"),
            Map.entry("tally.catalog.v1.CatalogService/GetModel", "catalog:read"),
            Map.entry("tally.catalog.v1.CatalogService/QuoteCost", "catalog:read"),
            Map.entry("tally.catalog.v1.CatalogService/UpsertModelPrice", "catalog:admin"),
            Map.entry("tally.catalog.v1.CatalogService/SyncNow", "catalog:admin"),
            Map.entry("tally.catalog.v1.CatalogService/GetSyncStatus", "catalog:read"),
            Map.entry("tally.catalog.v1.CatalogService/ListSyncChanges", "catalog:read"),
            Map.entry("tally.catalog.v1.CatalogService/ApplyHeldSync", "catalog:admin"),
            Map.entry("tally.catalog.v1.CatalogService/DiscardHeldSync", "catalog:admin"),
            Map.entry("tally.catalog.v1.CatalogService/WatchPriceChanges", "catalog:read"),
            Map.entry("tally.wallet.v1.WalletService/GetBalance", "balance:read"),
            Map.entry("tally.wallet.v1.WalletService/WatchBalance", "balance:read"),
            Map.entry("tally.wallet.v1.WalletService/TopUp", "wallet:write"),
            Map.entry("tally.wallet.v1.WalletService/GrantCredits", "wallet:write"),
            Map.entry("tally.wallet.v1.WalletService/Debit", "wallet:write"),
            Map.entry("tally.wallet.v1.WalletService/DebitBatch", "wallet:write"),
            Map.entry("tally.wallet.v1.WalletService/Reserve", "wallet:write"),
            Map.entry("tally.wallet.v1.WalletService/Capture", "wallet:write"),
            Map.entry("tally.wallet.v1.WalletService/Release", "wallet:write"),
            Map.entry("tally.wallet.v1.WalletService/ReverseDebit", "wallet:write"),
            Map.entry("tally.wallet.v1.WalletService/ExpireGrants", "wallet:write"),
            Map.entry("tally.wallet.v1.WalletService/SettleShortfall", "wallet:write"),
            Map.entry("tally.wallet.v1.WalletService/ListTransactions", "balance:read"),
            Map.entry("tally.wallet.v1.WalletService/SetLowBalanceThreshold", "wallet:write"),
            Map.entry("tally.usage.v1.UsageService/Track", "usage:write"),
            Map.entry("tally.usage.v1.UsageService/TrackBatch", "usage:write"),
            Map.entry("tally.usage.v1.UsageService/TrackStream", "usage:write"),
            Map.entry("tally.usage.v1.UsageService/Check", "usage:write"),
            Map.entry("tally.usage.v1.UsageService/VoidEvent", "usage:write"),
            Map.entry("tally.usage.v1.UsageService/AmendEvent", "usage:write"),
            Map.entry("tally.usage.v1.UsageService/GetUsage", "usage:read"),
            Map.entry("tally.usage.v1.UsageService/ListEvents", "usage:read"),
            Map.entry("tally.usage.v1.UsageService/QueryUsage", "usage:read"),
            Map.entry("tally.invoice.v1.InvoiceService/CreatePlan", "billing:admin"),
            Map.entry("tally.invoice.v1.InvoiceService/GetPlan", "billing:read"),
            Map.entry("tally.invoice.v1.InvoiceService/ListPlans", "billing:read"),
            Map.entry("tally.invoice.v1.InvoiceService/UpdatePlan", "billing:admin"),
            Map.entry("tally.invoice.v1.InvoiceService/ArchivePlan", "billing:admin"),
            Map.entry("tally.invoice.v1.InvoiceService/CreateCustomer", "billing:admin"),
            Map.entry("tally.invoice.v1.InvoiceService/GetCustomer", "billing:read"),
            Map.entry("tally.invoice.v1.InvoiceService/ListCustomers", "billing:read"),
            Map.entry("tally.invoice.v1.InvoiceService/UpdateCustomer", "billing:admin"),
            Map.entry("tally.invoice.v1.InvoiceService/ArchiveCustomer", "billing:admin"),
            Map.entry("tally.invoice.v1.InvoiceService/CreateSubscription", "billing:admin"),
            Map.entry("tally.invoice.v1.InvoiceService/GetSubscription", "billing:read"),
            Map.entry("tally.invoice.v1.InvoiceService/ListSubscriptions", "billing:read"),
            Map.entry("tally.invoice.v1.InvoiceService/UpdateSubscription", "billing:admin"),
            Map.entry("tally.invoice.v1.InvoiceService/CancelSubscription", "billing:admin"),
            Map.entry("tally.invoice.v1.InvoiceService/PurchaseCreditPack", "billing:admin"),
            Map.entry("tally.invoice.v1.InvoiceService/TopUp", "billing:admin"),
            Map.entry("tally.invoice.v1.InvoiceService/GetUpcomingInvoice", "billing:read"),
            Map.entry("tally.invoice.v1.InvoiceService/ListInvoices", "billing:read"),
            Map.entry("tally.invoice.v1.InvoiceService/GetInvoice", "billing:read"),
            Map.entry("tally.invoice.v1.InvoiceService/FinalizeInvoice", "billing:admin"),
            Map.entry("tally.invoice.v1.InvoiceService/VoidInvoice", "billing:admin"),
            Map.entry("tally.invoice.v1.InvoiceService/MarkInvoicePaid", "billing:admin"),
            Map.entry("tally.invoice.v1.InvoiceService/GetCustomerEntitlements", "billing:read"),
            Map.entry("tally.invoice.v1.InvoiceService/BatchGetCustomerEntitlements", "billing:read"),
            Map.entry("tally.invoice.v1.InvoiceService/WatchEntitlementChanges", "billing:read"),
            Map.entry("tally.auth.v1.ApiKeyService/CreateApiKey", "keys:admin"),
            Map.entry("tally.auth.v1.ApiKeyService/ListApiKeys", "keys:admin"),
            Map.entry("tally.auth.v1.ApiKeyService/RevokeApiKey", "keys:admin"),
            Map.entry("tally.auth.v1.ApiKeyService/VerifyApiKey", "keys:verify"),
            Map.entry("tally.auth.v1.ApiKeyService/WatchApiKeyRevocations", "keys:verify"));
    private static final List<String> SERVICES = List.of(
            "tally.catalog.v1.CatalogService",
            "tally.wallet.v1.WalletService",
            "tally.usage.v1.UsageService",
            "tally.invoice.v1.InvoiceService",
            "tally.auth.v1.ApiKeyService");

    private static SystemUnderTest tally;

    private final List<ManagedChannel> channels = new ArrayList<>();
    private final List<String> secrets = new ArrayList<>();

    @BeforeAll
    static void useTheSystem(SystemUnderTest system) {
        tally = system;
    }

    @AfterEach
    void closeChannels() {
        channels.forEach(ManagedChannel::shutdownNow);
    }

    @Test
    void everyRpcRefusesMissingWrongRevokedAndExpiredKeysAndChangesNothing() throws Exception {
        String admin = tally.adminKey;
        ManagedChannel invoice = channel(TallyService.INVOICE, 0);
        Descriptors.ServiceDescriptor keys = ReflectedCalls.service(invoice, "tally.auth.v1.ApiKeyService");

        Map<String, String> keyByScope = new TreeMap<>();
        for (String scope : new java.util.TreeSet<>(SCOPES.values())) {
            keyByScope.put(scope, createKey(invoice, keys, admin, List.of(scope), null));
        }
        String revoked = createKey(invoice, keys, admin, new ArrayList<>(keyByScope.keySet()), null);
        revoke(invoice, keys, admin, keyId(revoked));
        String expired = createKey(
                invoice,
                keys,
                admin,
                new ArrayList<>(keyByScope.keySet()),
                Instant.now().plusSeconds(2));
        Descriptors.MethodDescriptor listKeys = keys.findMethodByName("ListApiKeys");
        awaitCode(
                () -> ReflectedCalls.call(invoice, listKeys, expired),
                Status.Code.UNAUTHENTICATED,
                Duration.ofSeconds(30));

        Map<String, Descriptors.MethodDescriptor> methods = new TreeMap<>();
        Map<String, ManagedChannel> channelOf = new TreeMap<>();
        for (String name : SERVICES) {
            ManagedChannel ch = channel(serviceOf(name), 0);
            for (Descriptors.MethodDescriptor m :
                    ReflectedCalls.service(ch, name).getMethods()) {
                methods.put(name + "/" + m.getName(), m);
                channelOf.put(name + "/" + m.getName(), ch);
            }
        }
        assertThat(methods.keySet())
                .as("every RPC has an entry in the scope table")
                .isEqualTo(new java.util.TreeSet<>(SCOPES.keySet()));

        Map<String, Long> rowsBefore = rowCounts();
        for (var e : methods.entrySet()) {
            String rpc = e.getKey();
            String scope = SCOPES.get(rpc);
            ManagedChannel ch = channelOf.get(rpc);
            assertUnauthenticated(rpc + " without key", ReflectedCalls.call(ch, e.getValue(), null));
            assertUnauthenticated(rpc + " with a revoked key", ReflectedCalls.call(ch, e.getValue(), revoked));
            assertUnauthenticated(rpc + " with an expired key", ReflectedCalls.call(ch, e.getValue(), expired));
            String other = keyByScope.entrySet().stream()
                    .filter(k -> !k.getKey().equals(scope))
                    .findFirst()
                    .orElseThrow()
                    .getValue();
            Status denied = ReflectedCalls.call(ch, e.getValue(), other);
            assertThat(denied.getCode()).as(rpc + " with another scope").isEqualTo(Status.Code.PERMISSION_DENIED);
            ErrorInfo info = errorInfo(denied);
            assertThat(info.getReason()).as(rpc).isEqualTo("MISSING_SCOPE");
            assertThat(info.getMetadataMap()).as(rpc).containsEntry("scope", scope);
        }
        assertThat(rowCounts()).as("no row changed by a refused call").isEqualTo(rowsBefore);

        for (var e : methods.entrySet()) {
            Status allowed = ReflectedCalls.call(
                    channelOf.get(e.getKey()), e.getValue(), keyByScope.get(SCOPES.get(e.getKey())));
            assertThat(allowed.getCode())
                    .as(e.getKey() + " with its scope")
                    .isNotIn(Status.Code.UNAUTHENTICATED, Status.Code.PERMISSION_DENIED);
        }

        secrets.add(admin);
        assertNoSecretInLogs();
    }

    @Test
    void aRevocationReachesTheSecondWalletReplicaThroughTheStream() throws Exception {
        String admin = tally.adminKey;
        ManagedChannel invoice = channel(TallyService.INVOICE, 0);
        Descriptors.ServiceDescriptor keys = ReflectedCalls.service(invoice, "tally.auth.v1.ApiKeyService");
        String key = createKey(invoice, keys, admin, List.of("balance:read"), null);
        ManagedChannel w1 = channel(TallyService.WALLET, 0);
        ManagedChannel w2 = channel(TallyService.WALLET, 1);
        Descriptors.MethodDescriptor getBalance =
                ReflectedCalls.service(w1, "tally.wallet.v1.WalletService").findMethodByName("GetBalance");
        for (ManagedChannel w : List.of(w1, w2)) {
            assertThat(ReflectedCalls.call(w, getBalance, key).getCode())
                    .isNotIn(Status.Code.UNAUTHENTICATED, Status.Code.PERMISSION_DENIED, Status.Code.UNAVAILABLE);
        }
        long start = System.nanoTime();
        revoke(invoice, keys, admin, keyId(key));
        awaitCode(
                () -> ReflectedCalls.call(w1, getBalance, key),
                Status.Code.UNAUTHENTICATED,
                REVOCATION_REACHES_REPLICAS);
        awaitCode(
                () -> ReflectedCalls.call(w2, getBalance, key),
                Status.Code.UNAUTHENTICATED,
                REVOCATION_REACHES_REPLICAS);
        System.out.println("revocation reached both wallet replicas in "
                + Duration.ofNanos(System.nanoTime() - start).toMillis() + " ms");
        secrets.add(admin);
        assertNoSecretInLogs();
    }

    private String createKey(
            ManagedChannel invoice,
            Descriptors.ServiceDescriptor keys,
            String admin,
            List<String> scopes,
            Instant expire) {
        Descriptors.MethodDescriptor create = keys.findMethodByName("CreateApiKey");
        Descriptors.Descriptor in = create.getInputType();
        DynamicMessage.Builder request = DynamicMessage.newBuilder(in)
                .setField(
                        in.findFieldByName("display_name"),
                        "matrix " + (scopes.size() == 1 ? scopes.get(0) : "all scopes"))
                .setField(
                        in.findFieldByName("idempotency_key"), UUID.randomUUID().toString());
        scopes.forEach(s -> request.addRepeatedField(in.findFieldByName("scopes"), s));
        if (expire != null) {
            Descriptors.FieldDescriptor field = in.findFieldByName("expire_time");
            request.setField(
                    field,
                    DynamicMessage.newBuilder(field.getMessageType())
                            .setField(field.getMessageType().findFieldByName("seconds"), expire.getEpochSecond())
                            .build());
        }
        DynamicMessage response = unary(invoice, create, request.build(), admin);
        String key = (String) response.getField(create.getOutputType().findFieldByName("key"));
        assertThat(key).startsWith("tally_sk_");
        secrets.add(key);
        return key;
    }

    private void revoke(ManagedChannel invoice, Descriptors.ServiceDescriptor keys, String admin, String keyId) {
        Descriptors.MethodDescriptor revoke = keys.findMethodByName("RevokeApiKey");
        unary(
                invoice,
                revoke,
                DynamicMessage.newBuilder(revoke.getInputType())
                        .setField(revoke.getInputType().findFieldByName("key_id"), keyId)
                        .build(),
                admin);
    }

    private static DynamicMessage unary(
            ManagedChannel channel, Descriptors.MethodDescriptor method, DynamicMessage request, String key) {
        MethodDescriptor<DynamicMessage, DynamicMessage> descriptor =
                MethodDescriptor.<DynamicMessage, DynamicMessage>newBuilder()
                        .setType(MethodDescriptor.MethodType.UNARY)
                        .setFullMethodName(MethodDescriptor.generateFullMethodName(
                                method.getService().getFullName(), method.getName()))
                        .setRequestMarshaller(marshaller(method.getInputType()))
                        .setResponseMarshaller(marshaller(method.getOutputType()))
                        .build();
        Metadata headers = new Metadata();
        headers.put(ReflectedCalls.AUTHORIZATION, "Bearer " + key);
        return ClientCalls.blockingUnaryCall(
                io.grpc.ClientInterceptors.intercept(
                        channel, io.grpc.stub.MetadataUtils.newAttachHeadersInterceptor(headers)),
                descriptor,
                CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS),
                request);
    }

    private static MethodDescriptor.Marshaller<DynamicMessage> marshaller(Descriptors.Descriptor type) {
        return new MethodDescriptor.Marshaller<>() {
            public InputStream stream(DynamicMessage value) {
                return value.toByteString().newInput();
            }

            public DynamicMessage parse(InputStream stream) {
                try {
                    return DynamicMessage.parseFrom(type, stream);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        };
    }

    private static String keyId(String key) {
        return key.substring("tally_sk_".length(), "tally_sk_".length() + 16);
    }

    /** The secret part of {@code tally_sk_<16-character id>_<secret>} (base64url: it may itself hold '_'). */
    private static String secretOf(String key) {
        return key.substring("tally_sk_".length() + 16 + 1);
    }

    interface StatusCall {
        Status call() throws Exception;
    }

    private static void awaitCode(StatusCall call, Status.Code code, Duration within) {
        await("answer " + code)
                .atMost(within)
                .pollInterval(Duration.ofMillis(50))
                .until(() -> call.call().getCode() == code);
    }

    private static void assertUnauthenticated(String what, Status status) {
        assertThat(status.getCode()).as(what).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(errorInfo(status).getReason()).as(what).isEqualTo("API_KEY_INVALID");
    }

    private static ErrorInfo errorInfo(Status status) {
        Metadata trailers = status.getCause() instanceof ReflectedCalls.TrailersHolder h ? h.trailers : new Metadata();
        com.google.rpc.Status details = StatusProto.fromStatusAndTrailers(status, trailers);
        return details.getDetailsList().stream()
                .filter(a -> a.is(ErrorInfo.class))
                .findFirst()
                .map(a -> {
                    try {
                        return a.unpack(ErrorInfo.class);
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                })
                .orElseThrow(() -> new AssertionError("no ErrorInfo in " + status));
    }

    private void assertNoSecretInLogs() throws IOException {
        try (var files = Files.list(SystemUnderTest.LOGS)) {
            for (Path log : files.toList()) {
                String text = Files.readString(log);
                for (String key : secrets) {
                    String secret = secretOf(key);
                    assertThat(text).as(log + " must not contain a secret").doesNotContain(secret);
                }
            }
        }
    }

    private static Map<String, Long> rowCounts() throws Exception {
        Map<String, Long> counts = new TreeMap<>();
        DatabaseServer db = tally.database();
        for (TallyService s : TallyService.values()) {
            try (Connection c = DriverManager.getConnection(db.jdbcUrl(s.database()), db.user(), db.password())) {
                List<String> tables = new ArrayList<>();
                try (ResultSet rs = c.createStatement()
                        .executeQuery(
                                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'")) {
                    while (rs.next()) {
                        tables.add(rs.getString(1));
                    }
                }
                for (String t : tables) {
                    try (ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM \"" + t + "\"")) {
                        rs.next();
                        counts.put(s.database() + "." + t, rs.getLong(1));
                    }
                }
            }
        }
        return counts;
    }

    private ManagedChannel channel(TallyService service, int replica) {
        ManagedChannel ch = ManagedChannelBuilder.forAddress(
                        "localhost", tally.system.replica(service, replica).port())
                .usePlaintext()
                .build();
        channels.add(ch);
        return ch;
    }

    private static TallyService serviceOf(String grpcService) {
        return grpcService.startsWith("tally.auth.")
                ? TallyService.INVOICE
                : TallyService.valueOf(grpcService.split("\\.")[1].toUpperCase(java.util.Locale.ROOT));
    }
}
