package dev.tally.invoice.grpc;

import dev.tally.auth.v1.ApiKey;
import dev.tally.auth.v1.CreateApiKeyResponse;
import dev.tally.auth.v1.ListApiKeysResponse;
import dev.tally.auth.v1.VerifyApiKeyResponse;
import dev.tally.auth.v1.WatchApiKeyRevocationsResponse;
import dev.tally.invoice.domain.RegisteredKey;
import dev.tally.support.auth.KeyRegistry;
import dev.tally.support.auth.VerifiedKey;
import dev.tally.support.idempotency.Replies;
import dev.tally.support.proto.Paging;
import dev.tally.support.proto.ProtoTime;
import java.util.List;
import java.util.TreeSet;

/** Registered keys to {@code tally.auth.v1} responses: never a secret or its hash. */
final class ApiKeyResponses {

    static final Replies<CreateApiKeyResponse> CREATE = Replies.of(
            CreateApiKeyResponse.parser(), r -> r.toBuilder().setDuplicate(true).build());

    private ApiKeyResponses() {}

    /** The response stored for replays: without the secret. */
    static CreateApiKeyResponse created(RegisteredKey key) {
        return CreateApiKeyResponse.newBuilder().setApiKey(key(key)).build();
    }

    static ListApiKeysResponse list(List<RegisteredKey> fetched, Paging.PageRequest paging) {
        Paging.Page<RegisteredKey> page =
                Paging.page(fetched, paging, k -> Long.toString(k.listPosition()), ApiKeyRequests.LIST_QUERY);
        return ListApiKeysResponse.newBuilder()
                .addAllApiKeys(page.items().stream().map(ApiKeyResponses::key).toList())
                .setNextPageToken(page.nextPageToken())
                .build();
    }

    /** A valid key's id, scopes and expiry; {@code valid = false} for null. */
    static VerifyApiKeyResponse verified(VerifiedKey key) {
        if (key == null) {
            return VerifyApiKeyResponse.newBuilder().setValid(false).build();
        }
        VerifyApiKeyResponse.Builder b = VerifyApiKeyResponse.newBuilder()
                .setValid(true)
                .setKeyId(key.keyId())
                .addAllScopes(new TreeSet<>(key.scopes()));
        if (key.expireTime() != null) {
            b.setExpireTime(ProtoTime.timestamp(key.expireTime()));
        }
        return b.build();
    }

    static WatchApiKeyRevocationsResponse revocation(KeyRegistry.Revocation revocation) {
        return WatchApiKeyRevocationsResponse.newBuilder()
                .setSequence(revocation.sequence())
                .setKeyId(revocation.keyId() == null ? "" : revocation.keyId())
                .build();
    }

    /** The key as the registry shows it. */
    static ApiKey key(RegisteredKey key) {
        ApiKey.Builder b = ApiKey.newBuilder()
                .setKeyId(key.keyId())
                .setDisplayName(key.displayName())
                .addAllScopes(key.scopes())
                .setCreateTime(ProtoTime.timestamp(key.createTime()));
        if (key.expireTime() != null) {
            b.setExpireTime(ProtoTime.timestamp(key.expireTime()));
        }
        if (key.lastUsedTime() != null) {
            b.setLastUsedTime(ProtoTime.timestamp(key.lastUsedTime()));
        }
        if (key.revokeTime() != null) {
            b.setRevokeTime(ProtoTime.timestamp(key.revokeTime()));
        }
        return b.build();
    }
}
