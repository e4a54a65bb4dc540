package dev.tally.invoice.auth;

import dev.tally.auth.v1.ApiKey;
import dev.tally.support.auth.VerifiedKey;
import dev.tally.support.proto.ProtoTime;
import io.vertx.mutiny.sqlclient.Row;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/** One row of {@code api_key}. */
record ApiKeyRow(String keyId, long listPosition, String displayName, List<String> scopes, byte[] secretSha256,
                 Instant createTime, Instant expireTime, Instant lastUsedTime, Instant revokeTime) {

    static final String COLUMNS = "key_id, list_position, display_name, scopes, secret_sha256, create_time, expire_time,"
            + " last_used_time, revoke_time";

    static ApiKeyRow of(Row row) {
        return new ApiKeyRow(row.getString("key_id"), row.getLong("list_position"), row.getString("display_name"),
                Arrays.stream(row.getArrayOfStrings("scopes")).sorted().toList(),
                row.getBuffer("secret_sha256").getBytes(), instant(row, "create_time"), instant(row, "expire_time"),
                instant(row, "last_used_time"), instant(row, "revoke_time"));
    }

    private static Instant instant(Row row, String column) {
        OffsetDateTime value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }

    /** Usable at {@code now}: not revoked, not expired. */
    boolean isActive(Instant now) {
        return revokeTime == null && (expireTime == null || now.isBefore(expireTime));
    }

    VerifiedKey verified() {
        return new VerifiedKey(keyId, Set.copyOf(scopes), expireTime);
    }

    /** The key as the registry shows it: never its secret or hash. */
    ApiKey proto() {
        ApiKey.Builder b = ApiKey.newBuilder().setKeyId(keyId).setDisplayName(displayName).addAllScopes(scopes)
                .setCreateTime(ProtoTime.timestamp(createTime));
        if (expireTime != null) {
            b.setExpireTime(ProtoTime.timestamp(expireTime));
        }
        if (lastUsedTime != null) {
            b.setLastUsedTime(ProtoTime.timestamp(lastUsedTime));
        }
        if (revokeTime != null) {
            b.setRevokeTime(ProtoTime.timestamp(revokeTime));
        }
        return b.build();
    }
}
