package dev.tally.support.grpc;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The gRPC status message encoding ({@code grpc-message}, PROTOCOL-HTTP2 "Percent-Encoded"): the
 * UTF-8 bytes of the message, each byte outside 0x20-0x7E and {@code %} itself written as
 * {@code %XX}, every other byte (all printable ASCII: {@code : , [ ] / ? # + &} and the space)
 * written as it is. A URL encoder is not this encoding: it also escapes the printable characters,
 * which clients that decode only the protocol's escapes (grpc-js) then show as {@code %3A}.
 */
public final class StatusMessages {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private StatusMessages() {}

    public static String encode(String message) {
        byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
        StringBuilder out = null;
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xFF;
            boolean plain = b >= 0x20 && b <= 0x7E && b != '%';
            if (out == null) {
                if (plain) {
                    continue;
                }
                out = new StringBuilder(bytes.length + 16).append(message, 0, i);
            }
            if (plain) {
                out.append((char) b);
            } else {
                out.append('%').append(HEX[b >> 4]).append(HEX[b & 0xF]);
            }
        }
        return out == null ? message : out.toString();
    }

    /**
     * The message an encoded value carries. Lenient as the protocol asks: a {@code %} not followed
     * by two hex digits is kept as it is, and undecodable UTF-8 becomes U+FFFD; nothing is dropped.
     */
    public static String decode(String value) {
        if (value.indexOf('%') < 0) {
            return value;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(value.length());
        int i = 0;
        while (i < value.length()) {
            int c = value.codePointAt(i);
            if (c == '%' && i + 2 < value.length() && hex(value.charAt(i + 1)) >= 0 && hex(value.charAt(i + 2)) >= 0) {
                bytes.write(hex(value.charAt(i + 1)) << 4 | hex(value.charAt(i + 2)));
                i += 3;
            } else {
                byte[] raw = new String(Character.toChars(c)).getBytes(StandardCharsets.UTF_8);
                bytes.write(raw, 0, raw.length);
                i += Character.charCount(c);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }
}
