-- usage-service schema, version 1: usage events with their priced result, per-period aggregates,
-- idempotency records and the wallet delivery outbox. Money and units are NUMERIC without scale
-- (full precision; rounding happens on invoices). Every invariant is enforced here, not in memory.

-- Idempotency records (service-support's idempotency_record.sql, unchanged). Scope = customer id.
-- Track, TrackBatch and TrackStream store method 'Track' (one operation), Check with reserve 'Check',
-- VoidEvent 'VoidEvent', AmendEvent 'AmendEvent': one key space per customer.
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

-- One accepted usage event with its priced result. The columns are what is filtered, summed and
-- corrected; `detail` holds the tally.usage.v1.UsageEvent as first recorded (quantity, properties,
-- charge, token cost), rewritten by an amendment; the debit and correction columns are current.
CREATE TABLE usage_event (
    event_id              UUID        PRIMARY KEY,                  -- UUID v7, time-ordered
    customer_id           TEXT        NOT NULL,
    idempotency_key       TEXT        NOT NULL,
    feature_code          TEXT        NOT NULL,
    occurred_time         TIMESTAMPTZ NOT NULL,
    create_time           TIMESTAMPTZ NOT NULL,
    period_start          TIMESTAMPTZ NOT NULL,
    period_end            TIMESTAMPTZ NOT NULL,
    consumption_model     TEXT        NOT NULL CHECK (consumption_model IN ('METERED', 'CREDITS', 'BALANCE')),
    units                 NUMERIC     NOT NULL CHECK (units >= 0),
    model_id              TEXT        NOT NULL DEFAULT '',          -- '' for units events
    provider              TEXT        NOT NULL DEFAULT '',
    input_tokens          BIGINT      NOT NULL DEFAULT 0 CHECK (input_tokens >= 0),
    output_tokens         BIGINT      NOT NULL DEFAULT 0 CHECK (output_tokens >= 0),
    cache_read_tokens     BIGINT      NOT NULL DEFAULT 0 CHECK (cache_read_tokens >= 0),
    cache_write_5m_tokens BIGINT      NOT NULL DEFAULT 0 CHECK (cache_write_5m_tokens >= 0),
    cache_write_1h_tokens BIGINT      NOT NULL DEFAULT 0 CHECK (cache_write_1h_tokens >= 0),
    reasoning_tokens      BIGINT      NOT NULL DEFAULT 0 CHECK (reasoning_tokens >= 0),
    provider_cost         NUMERIC     NOT NULL DEFAULT 0 CHECK (provider_cost >= 0),
    cost_currency         TEXT        NOT NULL DEFAULT '',          -- '' for units events
    charge_amount         NUMERIC     NOT NULL DEFAULT 0 CHECK (charge_amount >= 0),
    charge_currency       TEXT        NOT NULL DEFAULT '',          -- 'CREDITS', a currency, '' for METERED
    margin_amount         NUMERIC     NOT NULL DEFAULT 0 CHECK (margin_amount >= 0),
    included_units        NUMERIC     NOT NULL DEFAULT 0 CHECK (included_units >= 0),
    overage_units         NUMERIC     NOT NULL DEFAULT 0 CHECK (overage_units >= 0),
    detail                BYTEA       NOT NULL,
    debit_status          TEXT        NOT NULL CHECK (debit_status IN ('NOT_REQUIRED', 'PENDING', 'APPLIED', 'FAILED')),
    debit_id              TEXT,                                     -- the wallet debit (or capture) in force
    debit_shortfall       NUMERIC,                                  -- its shortfall, once acknowledged
    balance_after         NUMERIC,                                  -- available right after it
    debit_error           BYTEA,                                    -- tally.common.v1.ItemError when FAILED
    revision              INT         NOT NULL DEFAULT 0 CHECK (revision >= 0),
    void_time             TIMESTAMPTZ,
    amend_time            TIMESTAMPTZ,
    CHECK (period_end > period_start),
    CHECK (units = included_units + overage_units OR consumption_model <> 'METERED'),
    CONSTRAINT usage_event_idempotency UNIQUE (customer_id, idempotency_key)
);
-- ListEvents / GetUsage / QueryUsage of one customer; QueryUsage across customers by time (BRIN:
-- events arrive in time order, and a BRIN index costs almost nothing on the hot path).
CREATE INDEX usage_event_customer_time ON usage_event (customer_id, occurred_time DESC, event_id DESC);
CREATE INDEX usage_event_time ON usage_event USING brin (occurred_time);
-- Debits not (yet) applied, counted per period by GetUsage: a small partial index.
CREATE INDEX usage_event_unsettled ON usage_event (customer_id, period_start, debit_status)
    WHERE debit_status IN ('PENDING', 'FAILED');

-- Per customer, period, feature and model (and cost currency): the totals of the events that count
-- (not voided). Kept in the transaction that records, voids or amends an event; always equal to a
-- recount of usage_event (CorrectionsTest and the benchmark recount).
CREATE TABLE usage_aggregate (
    customer_id           TEXT        NOT NULL,
    period_start          TIMESTAMPTZ NOT NULL,
    feature_code          TEXT        NOT NULL,
    model_id              TEXT        NOT NULL,                     -- '' for units events
    cost_currency         TEXT        NOT NULL,                     -- '' for units events
    event_count           BIGINT      NOT NULL CHECK (event_count >= 0),
    units                 NUMERIC     NOT NULL CHECK (units >= 0),
    input_tokens          BIGINT      NOT NULL CHECK (input_tokens >= 0),
    output_tokens         BIGINT      NOT NULL CHECK (output_tokens >= 0),
    cache_read_tokens     BIGINT      NOT NULL CHECK (cache_read_tokens >= 0),
    cache_write_5m_tokens BIGINT      NOT NULL CHECK (cache_write_5m_tokens >= 0),
    cache_write_1h_tokens BIGINT      NOT NULL CHECK (cache_write_1h_tokens >= 0),
    reasoning_tokens      BIGINT      NOT NULL CHECK (reasoning_tokens >= 0),
    provider_cost         NUMERIC     NOT NULL CHECK (provider_cost >= 0),
    charge_amount         NUMERIC     NOT NULL CHECK (charge_amount >= 0),
    margin_amount         NUMERIC     NOT NULL CHECK (margin_amount >= 0),
    PRIMARY KEY (customer_id, period_start, feature_code, model_id, cost_currency)
);

-- METERED features: units used per customer, period and feature. Its row lock orders concurrent
-- writers, so each event's split between included and overage units is exact.
CREATE TABLE usage_allowance (
    customer_id  TEXT        NOT NULL,
    period_start TIMESTAMPTZ NOT NULL,
    feature_code TEXT        NOT NULL,
    units        NUMERIC     NOT NULL CHECK (units >= 0),
    PRIMARY KEY (customer_id, period_start, feature_code)
);

-- What the wallet still has to receive, written in the event's transaction: the exact request bytes
-- (a DebitRequest, CaptureRequest, ReleaseRequest or ReverseDebitRequest; a re-rendered one could
-- differ and be refused as a key reuse). Rows of one event are delivered in outbox_id order. A row
-- is deleted once the wallet acknowledged it or refused it for good (the event then says FAILED).
-- next_attempt_time is also the lease: a replica that claims a row moves it forward, so other
-- replicas skip it until then (FOR UPDATE SKIP LOCKED when claiming).
CREATE TABLE wallet_outbox (
    outbox_id         BIGINT      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id          UUID        NOT NULL REFERENCES usage_event (event_id),
    customer_id       TEXT        NOT NULL,
    kind              TEXT        NOT NULL CHECK (kind IN ('DEBIT', 'CAPTURE', 'RELEASE', 'REVERSE')),
    request           BYTEA       NOT NULL,
    -- the event's debit_status once this row is acknowledged and no later row of the event is left
    status_after      TEXT        NOT NULL CHECK (status_after IN ('NOT_REQUIRED', 'APPLIED')),
    create_time       TIMESTAMPTZ NOT NULL,
    next_attempt_time TIMESTAMPTZ NOT NULL,
    attempts          INT         NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    last_error        TEXT
);
CREATE INDEX wallet_outbox_due ON wallet_outbox (next_attempt_time);
CREATE INDEX wallet_outbox_event ON wallet_outbox (event_id, outbox_id);
