package dev.tally.wallet.grpc;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** ListTransactions page tokens: opaque to clients, the position in the ledger inside. */
final class PageTokens {

    private static final String PREFIX = "entry:";

    private PageTokens() {
    }

    static String encode(long lastEntryId) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((PREFIX + lastEntryId).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @return the ledger entry id a page continues after, or null for the first page (empty token)
     * @throws IllegalArgumentException when the token was not issued by {@link #encode}
     */
    static Long decode(String token) {
        if (token.isEmpty()) {
            return null;
        }
        String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        if (!text.startsWith(PREFIX)) {
            throw new IllegalArgumentException("not a page token");
        }
        return Long.parseLong(text.substring(PREFIX.length()));
    }
}
