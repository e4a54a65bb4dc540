package dev.tally.support.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An API key as a caller presents it: {@code tally_sk_<keyId>_<secret>}.
 * <ul>
 * <li>{@code keyId}: 16 characters of lowercase base32 (80 random bits), public: the key's row id
 * and the only part of a key that may appear in logs, lists and revocations;</li>
 * <li>{@code secret}: 32 random bytes ({@link SecureRandom}), base64url without padding (43
 * characters). Only its SHA-256 is stored. A fast hash is right here: the secret is 256 random bits,
 * not a password, so there is nothing for a slow hash (bcrypt, Argon2) to protect against a
 * dictionary, and verification stays cheap.</li>
 * </ul>
 * Worked example: {@code tally_sk_k3qzxw2mf7a4b5cd_Zx8...} (43 characters after the second
 * {@code _}) parses to keyId {@code k3qzxw2mf7a4b5cd}; {@code tally_sk_short_x} and
 * {@code Bearer abc} do not parse. {@link #toString()} shows only the id.
 */
public final class ApiKey {

    public static final String PREFIX = "tally_sk_";
    static final int KEY_ID_LENGTH = 16;
    static final int SECRET_BYTES = 32;
    private static final String BASE32 = "abcdefghijklmnopqrstuvwxyz234567";
    private static final Pattern FORMAT =
            Pattern.compile("tally_sk_([a-z2-7]{" + KEY_ID_LENGTH + "})_([A-Za-z0-9_-]{43})");

    private final String keyId;
    private final String secret;

    private ApiKey(String keyId, String secret) {
        this.keyId = keyId;
        this.secret = secret;
    }

    /** A new random key. */
    public static ApiKey generate(SecureRandom random) {
        StringBuilder id = new StringBuilder(KEY_ID_LENGTH);
        for (int i = 0; i < KEY_ID_LENGTH; i++) {
            id.append(BASE32.charAt(random.nextInt(BASE32.length())));
        }
        byte[] secret = new byte[SECRET_BYTES];
        random.nextBytes(secret);
        return new ApiKey(id.toString(), Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
    }

    /** The key in {@code text}, or empty when it is not exactly a key in the format above. */
    public static Optional<ApiKey> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        var m = FORMAT.matcher(text);
        return m.matches() ? Optional.of(new ApiKey(m.group(1), m.group(2))) : Optional.empty();
    }

    /** The public id. */
    public String keyId() {
        return keyId;
    }

    /** The full key text: give it to its holder once, never log it. */
    public String text() {
        return PREFIX + keyId + "_" + secret;
    }

    /** SHA-256 of the secret: what the registry stores. */
    public byte[] secretHash() {
        return sha256(secret);
    }

    /** Whether this key's secret hashes to {@code storedHash}, compared in constant time. */
    public boolean matches(byte[] storedHash) {
        return storedHash != null && MessageDigest.isEqual(secretHash(), storedHash);
    }

    static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("SHA-256 is part of every JRE", impossible);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ApiKey other
                && keyId.equals(other.keyId)
                && MessageDigest.isEqual(
                        secret.getBytes(StandardCharsets.US_ASCII), other.secret.getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public int hashCode() {
        return keyId.hashCode();
    }

    /** Only the public id: a key printed by mistake leaks nothing. */
    @Override
    public String toString() {
        return PREFIX + keyId + "_***";
    }
}
