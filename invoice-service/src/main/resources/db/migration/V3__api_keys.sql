-- API keys (tally.auth.v1.ApiKeyService): only the SHA-256 of each secret is stored.
CREATE TABLE api_key (
    key_id         TEXT        PRIMARY KEY CHECK (key_id ~ '^[a-z2-7]{16}$'),
    list_position  BIGINT      GENERATED ALWAYS AS IDENTITY UNIQUE,  -- paging order (newest first)
    display_name   TEXT        NOT NULL CHECK (length(display_name) BETWEEN 1 AND 128),
    scopes         TEXT[]      NOT NULL CHECK (cardinality(scopes) >= 1 AND scopes <@ ARRAY[
                                   'usage:write', 'usage:read', 'balance:read', 'wallet:write', 'billing:read',
                                   'billing:admin', 'catalog:read', 'catalog:admin', 'keys:admin', 'keys:verify']::TEXT[]),
    secret_sha256  BYTEA       NOT NULL CHECK (length(secret_sha256) = 32),
    create_time    TIMESTAMPTZ NOT NULL,
    expire_time    TIMESTAMPTZ,
    last_used_time TIMESTAMPTZ,
    revoke_time    TIMESTAMPTZ,
    CHECK (expire_time IS NULL OR expire_time > create_time)
);

-- One row per revocation, in order: WatchApiKeyRevocations streams them to every verifier, from any replica.
CREATE TABLE api_key_revocation (
    sequence    BIGINT      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    key_id      TEXT        NOT NULL UNIQUE REFERENCES api_key (key_id),
    revoke_time TIMESTAMPTZ NOT NULL
);
