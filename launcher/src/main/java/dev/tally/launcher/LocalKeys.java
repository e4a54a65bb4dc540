package dev.tally.launcher;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The API keys of the local run: on first start it generates the bootstrap admin key (every scope)
 * and one key per service with only the scopes that service's calls need, stores them next to the
 * data directory ({@code api-keys.properties}, mode 0600), and prints the admin key once. Every
 * start passes invoice-service all of them as seed keys (stored only as hashes, if absent) and each
 * service its own key; gRPC reflection stays open on the local run.
 * <p>
 * The key format is service-support's {@code dev.tally.support.auth.ApiKey} (the launcher does not
 * depend on the services' code): {@code tally_sk_} + 16 lowercase base32 + {@code _} + 32 random
 * bytes in base64url.
 */
public final class LocalKeys {

    static final String ALL_SCOPES = "usage:write usage:read balance:read wallet:write billing:read billing:admin"
            + " catalog:read catalog:admin keys:admin keys:verify";
    /** What each service calls: usage → catalog, wallet, invoice entitlements; invoice → wallet, usage; all but invoice verify keys. */
    static final Map<TallyService, String> SERVICE_SCOPES = new EnumMap<>(Map.of(
            TallyService.CATALOG, "keys:verify",
            TallyService.WALLET, "keys:verify",
            TallyService.USAGE, "catalog:read wallet:write balance:read billing:read keys:verify",
            TallyService.INVOICE, "wallet:write balance:read usage:read"));

    private static final String ADMIN = "admin";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, String> keys;

    private LocalKeys(Map<String, String> keys) {
        this.keys = keys;
    }

    /** The keys stored beside {@code dataDir}, created (and the admin key printed) on first use. */
    public static synchronized LocalKeys forDataDir(Path dataDir) {
        Path file = dataDir.toAbsolutePath().resolveSibling(dataDir.getFileName() + "-api-keys.properties");
        try {
            Properties stored = new Properties();
            if (Files.exists(file)) {
                try (Reader in = Files.newBufferedReader(file)) {
                    stored.load(in);
                }
            }
            Map<String, String> keys = new LinkedHashMap<>();
            boolean created = false;
            for (String name : names()) {
                String key = stored.getProperty(name);
                if (key == null) {
                    key = generate();
                    created = true;
                }
                keys.put(name, key);
            }
            if (created) {
                Files.createDirectories(file.getParent());
                Properties out = new Properties();
                out.putAll(keys);
                Files.deleteIfExists(file);
                Files.createFile(
                        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                try (Writer w = Files.newBufferedWriter(file)) {
                    out.store(w, "API keys of the local run: keep this file private");
                }
                System.out.println(
                        "Tally bootstrap admin API key (every scope; shown once, also stored in " + file + "):");
                System.out.println("  " + keys.get(ADMIN));
            }
            return new LocalKeys(keys);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write the local API keys in " + file, e);
        }
    }

    private static Iterable<String> names() {
        java.util.List<String> names = new java.util.ArrayList<>();
        names.add(ADMIN);
        for (TallyService s : TallyService.values()) {
            names.add(s.module());
        }
        return names;
    }

    /** The bootstrap admin key (every scope). */
    public String admin() {
        return keys.get(ADMIN);
    }

    /** What {@code service} gets: its own key, reflection open, and for invoice-service every key to seed. */
    public Map<String, String> environment(TallyService service) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("TALLY_AUTH_SERVICE_KEY", keys.get(service.module()));
        env.put("TALLY_AUTH_REFLECTION_OPEN", "true");
        if (service == TallyService.INVOICE) {
            StringBuilder seeds = new StringBuilder(ADMIN + "|" + ALL_SCOPES + "|" + admin());
            for (TallyService s : TallyService.values()) {
                seeds.append(',')
                        .append(s.module())
                        .append('|')
                        .append(SERVICE_SCOPES.get(s))
                        .append('|')
                        .append(keys.get(s.module()));
            }
            env.put("TALLY_AUTH_SEED_KEYS", seeds.toString());
        }
        return env;
    }

    static String generate() {
        String alphabet = "abcdefghijklmnopqrstuvwxyz234567";
        StringBuilder id = new StringBuilder("tally_sk_");
        for (int i = 0; i < 16; i++) {
            id.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return id.append('_')
                .append(Base64.getUrlEncoder().withoutPadding().encodeToString(secret))
                .toString();
    }
}
