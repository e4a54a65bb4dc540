-- catalog-service schema, version 1: models, versioned prices, sync runs, idempotency records.
-- Rates are NUMERIC (exact); every invariant that must hold across replicas is a constraint here.

-- Every committed change to models or prices takes the next revision (writers serialize on an
-- advisory lock; the primary key keeps revisions unique). Replica caches and WatchPriceChanges
-- reload the models changed since the revision they hold.
CREATE TABLE catalog_revision (
    revision    BIGINT PRIMARY KEY CHECK (revision > 0),
    sync_run_id UUID,
    created_at  TIMESTAMPTZ NOT NULL
);

CREATE TABLE model (
    id                TEXT PRIMARY KEY,
    provider          TEXT        NOT NULL,
    mode              TEXT        NOT NULL,
    aliases           TEXT[]      NOT NULL DEFAULT '{}',
    active            BOOLEAN     NOT NULL,
    -- which source created/last synced it: LITELLM, OPENROUTER, or MANUAL (custom model)
    origin            TEXT        NOT NULL CHECK (origin IN ('LITELLM', 'OPENROUTER', 'MANUAL')),
    max_input_tokens  BIGINT,
    max_output_tokens BIGINT,
    created_at        TIMESTAMPTZ NOT NULL,
    updated_at        TIMESTAMPTZ NOT NULL,
    revision          BIGINT      NOT NULL REFERENCES catalog_revision
);
CREATE INDEX model_revision_idx ON model (revision);
CREATE INDEX model_aliases_idx ON model USING gin (aliases);

CREATE TABLE sync_run (
    id                 UUID PRIMARY KEY,
    state              TEXT        NOT NULL CHECK (state IN ('RUNNING', 'SUCCEEDED', 'FAILED', 'HELD', 'APPLIED', 'DISCARDED')),
    trigger            TEXT        NOT NULL CHECK (trigger IN ('SCHEDULE', 'MANUAL', 'SEED')),
    source_format      TEXT        NOT NULL CHECK (source_format IN ('LITELLM', 'OPENROUTER')),
    source_location    TEXT        NOT NULL,
    -- the cron fire time of a scheduled run: unique, so each scheduled slot runs once across replicas
    schedule_slot      TIMESTAMPTZ UNIQUE,
    source_entries     INT         NOT NULL DEFAULT 0,
    models_added       INT         NOT NULL DEFAULT 0,
    models_changed     INT         NOT NULL DEFAULT 0,
    models_deactivated INT         NOT NULL DEFAULT 0,
    models_reactivated INT         NOT NULL DEFAULT 0,
    models_unchanged   INT         NOT NULL DEFAULT 0,
    entries_skipped    INT         NOT NULL DEFAULT 0,
    -- [{"reason": "NO_TOKEN_PRICING", "count": 12, "examples": ["dall-e-3", ...]}, ...]
    skipped            JSONB       NOT NULL DEFAULT '[]',
    hold_reason        TEXT,
    error_message      TEXT,
    started_at         TIMESTAMPTZ NOT NULL,
    finished_at        TIMESTAMPTZ,
    resolved_at        TIMESTAMPTZ,
    resolution_note    TEXT
);
-- at most one run is RUNNING, whichever replica started it
CREATE UNIQUE INDEX sync_run_one_running ON sync_run ((TRUE)) WHERE state = 'RUNNING';
CREATE INDEX sync_run_started_idx ON sync_run (started_at DESC);

-- The source document a HELD run fetched, kept until an admin applies or discards the run.
CREATE TABLE sync_payload (
    sync_run_id UUID PRIMARY KEY REFERENCES sync_run ON DELETE CASCADE,
    body        BYTEA NOT NULL
);

CREATE TABLE price_version (
    id               UUID PRIMARY KEY,
    model_id         TEXT        NOT NULL REFERENCES model,
    effective_from   TIMESTAMPTZ NOT NULL,
    -- set when the next version takes over; NULL for the latest version
    effective_to     TIMESTAMPTZ,
    source           TEXT        NOT NULL CHECK (source IN ('SYNC', 'MANUAL')),
    currency_code    TEXT        NOT NULL,
    cost_per_request NUMERIC     NOT NULL DEFAULT 0 CHECK (cost_per_request >= 0),
    sync_run_id      UUID REFERENCES sync_run,
    created_at       TIMESTAMPTZ NOT NULL,
    UNIQUE (model_id, effective_from),
    CHECK (effective_to IS NULL OR effective_to > effective_from),
    CHECK ((source = 'SYNC') = (sync_run_id IS NOT NULL))
);
-- one open (latest) version per model
CREATE UNIQUE INDEX price_version_one_open ON price_version (model_id) WHERE effective_to IS NULL;

-- The rates of a version: threshold_tokens 0 holds the base rates, each threshold > 0 a
-- long-context tier. NULL = not priced separately (falls back, see catalog.proto TokenRates).
CREATE TABLE price_rate (
    price_version_id                   UUID    NOT NULL REFERENCES price_version ON DELETE CASCADE,
    threshold_tokens                   BIGINT  NOT NULL CHECK (threshold_tokens >= 0),
    input_cost_per_token               NUMERIC CHECK (input_cost_per_token >= 0),
    output_cost_per_token              NUMERIC CHECK (output_cost_per_token >= 0),
    cache_read_input_cost_per_token    NUMERIC CHECK (cache_read_input_cost_per_token >= 0),
    cache_write_input_cost_per_token   NUMERIC CHECK (cache_write_input_cost_per_token >= 0),
    cache_write_1h_input_cost_per_token NUMERIC CHECK (cache_write_1h_input_cost_per_token >= 0),
    reasoning_cost_per_token           NUMERIC CHECK (reasoning_cost_per_token >= 0),
    batch_input_cost_per_token         NUMERIC CHECK (batch_input_cost_per_token >= 0),
    batch_output_cost_per_token        NUMERIC CHECK (batch_output_cost_per_token >= 0),
    PRIMARY KEY (price_version_id, threshold_tokens),
    CHECK (threshold_tokens > 0 OR (input_cost_per_token IS NOT NULL AND output_cost_per_token IS NOT NULL))
);

-- Catalog use: every mutating RPC is an admin call (scope ''). UpsertModelPrice stores its response;
-- SyncNow/ApplyHeldSync/DiscardHeldSync store an empty message with the run id as resource_id, and a
-- replay reports that run as it is now. Below: service-support's snippet, unchanged.

-- Idempotency records (dev.tally.support.idempotency.IdempotencyStore). Copy this statement into the
-- service's own Flyway migration unchanged (services own their schema); the store reads and writes
-- it in the transaction of the change it guards, so a record exists exactly when its change committed.
-- The primary key makes each key apply at most once, whatever the number of replicas.
CREATE TABLE idempotency_record (
    -- the customer id, or '' for admin calls that concern no customer (scoped to the service)
    scope           TEXT        NOT NULL,
    -- the client's key: 1-128 characters, no control characters (checked by the API, enforced here)
    idempotency_key TEXT        NOT NULL CHECK (length(idempotency_key) BETWEEN 1 AND 128
                                                AND idempotency_key !~ '[[:cntrl:]]'),
    -- the RPC, e.g. 'Debit': the same key for another RPC is a reuse
    method          TEXT        NOT NULL,
    -- SHA-256 of the request without its key, by value: same key + another payload = ALREADY_EXISTS
    request_hash    BYTEA       NOT NULL CHECK (length(request_hash) = 32),
    -- the serialised response, replayed with duplicate = true
    response        BYTEA       NOT NULL,
    -- what the call created or changed (e.g. a run id), for replays that report its current state
    resource_id     TEXT,
    created_at      TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (scope, idempotency_key)
);
