package dev.tally.invoice.grpc;

import dev.tally.auth.v1.CreateApiKeyRequest;
import dev.tally.auth.v1.ListApiKeysRequest;
import dev.tally.invoice.domain.NewApiKey;
import dev.tally.support.auth.Scopes;
import dev.tally.support.error.TallyException;
import dev.tally.support.error.Violations;
import dev.tally.support.idempotency.RequestKey;
import dev.tally.support.proto.Identifiers;
import dev.tally.support.proto.PageTokens;
import dev.tally.support.proto.Paging;
import dev.tally.support.proto.ProtoTime;
import java.time.Instant;
import java.util.List;
import java.util.TreeSet;

/** API key requests to validated commands; INVALID_ARGUMENT with every bad field otherwise. */
final class ApiKeyRequests {

    /** ListApiKeys has no filters: every token is issued for this query. */
    static final String LIST_QUERY = "api-keys";

    private ApiKeyRequests() {}

    /** A CreateApiKey: the command and its idempotency key (scopes sorted and deduplicated in both). */
    record Create(NewApiKey command, RequestKey key) {}

    static Create create(CreateApiKeyRequest request, Instant now) {
        Violations violations = new Violations();
        String name = Identifiers.required(violations, "display_name", request.getDisplayName());
        List<String> scopes = scopes(violations, request.getScopesList());
        Instant expireTime =
                ProtoTime.optional(violations, "expire_time", request.hasExpireTime(), request.getExpireTime());
        violations.check(expireTime != null && !expireTime.isAfter(now), "expire_time", "must be in the future");
        RequestKey.check(violations, RequestKey.FIELD, request.getIdempotencyKey());
        violations.throwIfAny();
        return new Create(
                new NewApiKey(name, scopes, expireTime),
                RequestKey.forService(
                        request.getIdempotencyKey(),
                        "CreateApiKey",
                        request.toBuilder().clearScopes().addAllScopes(scopes).build()));
    }

    /** A ListApiKeys page: its size, and the list position it continues after (null: from the newest). */
    record Listing(Paging.PageRequest paging, Long before) {}

    static Listing list(ListApiKeysRequest request) {
        Violations violations = new Violations();
        int size = Paging.pageSize(violations, request.getPageSize());
        Long before = PageTokens.decodeLong(violations, request.getPageToken(), LIST_QUERY);
        violations.throwIfAny();
        return new Listing(new Paging.PageRequest(size, before == null ? null : before.toString()), before);
    }

    static String keyId(String keyId) {
        Violations violations = new Violations();
        String id = Identifiers.required(violations, "key_id", keyId);
        violations.throwIfAny();
        return id;
    }

    static long afterSequence(long afterSequence) {
        if (afterSequence < 0) {
            throw TallyException.invalid("after_sequence", "must not be negative");
        }
        return afterSequence;
    }

    private static List<String> scopes(Violations violations, List<String> requested) {
        violations.check(requested.isEmpty(), "scopes", "must name at least one scope");
        for (int i = 0; i < requested.size(); i++) {
            violations.check(!Scopes.isKnown(requested.get(i)), "scopes[" + i + "]", "must be one of " + Scopes.ALL);
        }
        return List.copyOf(new TreeSet<>(requested));
    }
}
