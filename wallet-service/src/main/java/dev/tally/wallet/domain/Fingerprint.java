package dev.tally.wallet.domain;

import dev.tally.support.money.Money;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.TreeMap;

/**
 * SHA-256 of a request's meaningful fields, so "same key, same request" is decided without storing
 * the request. Amounts count by value ({@code 1.50} equals {@code 1.5}); map order does not count.
 */
public final class Fingerprint {

    private Fingerprint() {
    }

    public static byte[] of(Object... parts) {
        MessageDigest sha = sha256();
        for (Object part : parts) {
            byte[] text = canonical(part).getBytes(StandardCharsets.UTF_8);
            sha.update((text.length + ":").getBytes(StandardCharsets.US_ASCII));
            sha.update(text);
        }
        return sha.digest();
    }

    private static String canonical(Object part) {
        if (part == null) {
            return "\u0000";
        }
        if (part instanceof BigDecimal decimal) {
            return Money.plain(decimal);
        }
        if (part instanceof Money money) {
            return money.amountText() + " " + money.currency();
        }
        if (part instanceof Map<?, ?> map) {
            StringBuilder text = new StringBuilder();
            new TreeMap<>(map).forEach((k, v) -> text.append(canonical(k).length()).append(':').append(k)
                    .append(canonical(v).length()).append(':').append(v));
            return text.toString();
        }
        return part.toString();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
