package dev.tally.support.proto;

import dev.tally.support.error.Violations;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;

/**
 * Opaque page tokens: the position a page ends at (e.g. the last row's id), bound to the query it
 * was issued for. A token is base64url of {@code [version][8-byte check][position UTF-8]}, where the
 * check is a SHA-256 prefix of the query and the position: garbage, a truncated or edited token, or
 * a token replayed with other filters (AIP-158: every other field must stay the same) is refused
 * with INVALID_ARGUMENT on {@code page_token}. The check is not a secret signature; a token grants
 * nothing the query would not return anyway, so none is needed.
 */
public final class PageTokens {

    public static final String FIELD = "page_token";
    private static final byte VERSION = 1;
    private static final int CHECK_BYTES = 8;

    private PageTokens() {}

    /**
     * @param query    what the list call asked, other than paging, in a stable text form
     *                 (e.g. {@code "ListTransactions|cust-1|USD"})
     * @param position where the next page starts after (e.g. the last entry id); never null
     */
    public static String encode(String query, String position) {
        byte[] text = position.getBytes(StandardCharsets.UTF_8);
        ByteBuffer token = ByteBuffer.allocate(1 + CHECK_BYTES + text.length)
                .put(VERSION)
                .put(check(query, text))
                .put(text);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(token.array());
    }

    /**
     * The position a token continues after: null for the first page (empty token), or null with a
     * violation on {@code page_token} when this service did not issue it for this query.
     */
    public static String decode(Violations violations, String token, String query) {
        if (token == null || token.isEmpty()) {
            return null;
        }
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(token);
        } catch (IllegalArgumentException notBase64) {
            bytes = new byte[0];
        }
        if (bytes.length > CHECK_BYTES && bytes[0] == VERSION) {
            byte[] text = Arrays.copyOfRange(bytes, 1 + CHECK_BYTES, bytes.length);
            if (MessageDigest.isEqual(check(query, text), Arrays.copyOfRange(bytes, 1, 1 + CHECK_BYTES))) {
                return new String(text, StandardCharsets.UTF_8);
            }
        }
        violations.add(
                FIELD,
                "is not a page token this list call returned for the same filters; start again"
                        + " without page_token");
        return null;
    }

    /** {@link #decode} for a position that is a number (e.g. a ledger entry id). */
    public static Long decodeLong(Violations violations, String token, String query) {
        String position = decode(violations, token, query);
        if (position == null) {
            return null;
        }
        try {
            return Long.parseLong(position);
        } catch (NumberFormatException e) {
            violations.add(FIELD, "is not a page token this list call returned");
            return null;
        }
    }

    private static byte[] check(String query, byte[] position) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] q = query.getBytes(StandardCharsets.UTF_8);
            sha.update(ByteBuffer.allocate(4).putInt(q.length).array());
            sha.update(q);
            sha.update(position);
            return Arrays.copyOf(sha.digest(), CHECK_BYTES);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
