package dev.tally.catalog.grpc;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Message;
import dev.tally.catalog.idempotency.IdempotencyKey;
import dev.tally.support.error.Violations;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.UUID;

/** Identifiers carried by requests: idempotency keys, run ids, page tokens. */
final class RequestIds {

    private static final String PAGE_TOKEN_PREFIX = "after:";

    private RequestIds() {
    }

    /**
     * The key of a mutating call with a SHA-256 of the request minus its key (deterministic
     * serialization), so a replay is recognised and a reuse for something else is refused.
     */
    static IdempotencyKey key(String key, String operation, Message requestWithoutKey) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            CodedOutputStream out = CodedOutputStream.newInstance(bytes);
            out.useDeterministicSerialization();
            requestWithoutKey.writeTo(out);
            out.flush();
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(bytes.toByteArray());
            return new IdempotencyKey(key, operation, hash);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A sync run id; null when empty (and {@code required} is false) or, with a violation, when malformed. */
    static UUID syncRunId(String text, boolean required, Violations violations) {
        if (text.isEmpty()) {
            violations.check(required, "sync_run_id", "must not be empty");
            return null;
        }
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            violations.add("sync_run_id", "must be a UUID such as 0b5f8a3e-6c1d-4f2a-9e7b-3d2c1a0f9e8d");
            return null;
        }
    }

    static String pageToken(String afterId) {
        return afterId == null ? "" : Base64.getUrlEncoder().withoutPadding()
                .encodeToString((PAGE_TOKEN_PREFIX + afterId).getBytes(StandardCharsets.UTF_8));
    }

    /** The model id a page token continues after; null for the first page or, with a violation, a bad token. */
    static String afterId(String token, Violations violations) {
        if (token.isEmpty()) {
            return null;
        }
        try {
            String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (text.startsWith(PAGE_TOKEN_PREFIX)) {
                return text.substring(PAGE_TOKEN_PREFIX.length());
            }
        } catch (IllegalArgumentException e) {
            // not base64: reported below
        }
        violations.add("page_token", "is not a token returned by ListModels");
        return null;
    }
}
