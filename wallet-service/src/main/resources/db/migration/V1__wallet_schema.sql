-- wallet-service schema, version 1.
-- Every amount is NUMERIC without precision or scale: exact, never rounded (a usage cost such
-- as 0.0004485 keeps every digit). Times are TIMESTAMPTZ.
-- Tables written by DebitBatch (the hot path) have no foreign keys to balance: they are only
-- written with their balance, under the wallet lock, and a foreign-key check per row costs the
-- batch insert about 30%; the ledger test helper (LedgerInvariant) checks every reference.

-- One row per customer. Every change of a customer's wallet first locks this row
-- (SELECT ... FOR UPDATE, several customers in customer_id order), so changes of one wallet are
-- serialised by the database whichever replica makes them.
CREATE TABLE wallet (
    customer_id TEXT        PRIMARY KEY,
    create_time TIMESTAMPTZ NOT NULL
);

-- The balance of one unit ("CREDITS" or an ISO 4217 code) of a wallet. It always equals what
-- ledger_entry derives: granted = remaining of the open grants (in force, upcoming or lapsed),
-- shortfall = outstanding shortfall, held = active holds.
CREATE TABLE balance (
    customer_id           TEXT        NOT NULL REFERENCES wallet,
    currency_code         TEXT        NOT NULL,
    granted               NUMERIC     NOT NULL CHECK (granted >= 0),
    shortfall             NUMERIC     NOT NULL CHECK (shortfall >= 0),
    held                  NUMERIC     NOT NULL CHECK (held >= 0),
    -- the ledger balance (ledger_entry.balance_after of the last entry); what a customer may spend
    -- now counts only the grants in force now (computed when read)
    ledger_balance        NUMERIC     GENERATED ALWAYS AS (granted - shortfall - held) STORED,
    -- +1 per operation that changed this balance (and per new threshold)
    version               BIGINT      NOT NULL CHECK (version >= 0),
    -- NULL: no low-balance threshold
    low_balance_threshold NUMERIC,
    update_time           TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (customer_id, currency_code)
);

-- Credits or money given to a customer. In force while effective_time <= t < expire_time; consumed
-- by debits that occurred then, in a fixed order (see GrantOrder). Open until ExpireGrants
-- removes its remainder (close_time).
CREATE TABLE wallet_grant (
    grant_id         UUID        PRIMARY KEY,
    customer_id      TEXT        NOT NULL,
    currency_code    TEXT        NOT NULL,
    source           TEXT        NOT NULL
        CHECK (source IN ('SUBSCRIPTION', 'PACK', 'TOP_UP', 'PROMO', 'PERIOD_BALANCE', 'REFUND')),
    original_amount  NUMERIC     NOT NULL CHECK (original_amount > 0),
    remaining_amount NUMERIC     NOT NULL CHECK (remaining_amount >= 0 AND remaining_amount <= original_amount),
    effective_time   TIMESTAMPTZ NOT NULL,
    -- NULL: never expires
    expire_time      TIMESTAMPTZ CHECK (expire_time > effective_time),
    priority         INTEGER     NOT NULL,
    period_reference TEXT,
    reference        TEXT,
    description      TEXT,
    -- the balance version its grant operation produced: orders grants of one balance by age
    created_version  BIGINT      NOT NULL,
    create_time      TIMESTAMPTZ NOT NULL,
    -- when ExpireGrants removed the remainder
    close_time       TIMESTAMPTZ,
    FOREIGN KEY (customer_id, currency_code) REFERENCES balance,
    CHECK (close_time IS NULL OR remaining_amount = 0)
);
CREATE INDEX wallet_grant_open ON wallet_grant (customer_id, currency_code)
    WHERE remaining_amount > 0 AND close_time IS NULL;

-- The append-only ledger: every change of a balance, with the ledger balance after it. Effects on
-- (granted, shortfall, held) by entry_type: GRANT (+a, 0, 0), DEBIT (-a, 0, 0), EXPIRY (-a, 0, 0),
-- SHORTFALL (0, +a, 0), SETTLEMENT with grant_id (-a, -a, 0), SETTLEMENT without (0, -a, 0),
-- ADJUSTMENT with grant_id (+a, 0, 0), ADJUSTMENT without (0, -a, 0), HOLD (0, 0, +a),
-- HOLD_RELEASE (0, 0, -a). balance_after = granted - shortfall - held.
CREATE TABLE ledger_entry (
    entry_id        BIGINT      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    customer_id     TEXT        NOT NULL,
    currency_code   TEXT        NOT NULL,
    entry_type      TEXT        NOT NULL
        CHECK (entry_type IN ('GRANT', 'DEBIT', 'EXPIRY', 'SHORTFALL', 'SETTLEMENT', 'ADJUSTMENT', 'HOLD',
                              'HOLD_RELEASE')),
    amount          NUMERIC     NOT NULL CHECK (amount > 0),
    balance_after   NUMERIC     NOT NULL,
    shortfall_after NUMERIC     NOT NULL CHECK (shortfall_after >= 0),
    balance_version BIGINT      NOT NULL,
    grant_id        UUID,
    -- the debit concerned: the debit itself (DEBIT, SHORTFALL), the debit whose shortfall is paid
    -- or claimed (SETTLEMENT), the debit reversed (ADJUSTMENT, GRANT of a REFUND grant)
    debit_id        UUID,
    -- the hold concerned (HOLD, HOLD_RELEASE)
    hold_id         UUID,
    -- when the usage of debit_id occurred
    occurred_time   TIMESTAMPTZ,
    operation_id    UUID        NOT NULL,
    reference       TEXT,
    idempotency_key TEXT,
    description     TEXT,
    metadata        JSONB,
    create_time     TIMESTAMPTZ NOT NULL,
    CHECK ((debit_id IS NULL) = (occurred_time IS NULL))
);
CREATE INDEX ledger_entry_customer ON ledger_entry (customer_id, entry_id);
-- ReverseDebit reads a debit's entries. Debit ids are time-ordered (UUID version 7), so the
-- hot path appends to the right edge of this index.
CREATE INDEX ledger_entry_debit ON ledger_entry (debit_id) WHERE debit_id IS NOT NULL;

CREATE FUNCTION ledger_entry_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'ledger_entry is append-only (% refused)', TG_OP;
END;
$$;
CREATE TRIGGER ledger_entry_no_update_or_delete BEFORE UPDATE OR DELETE ON ledger_entry
    FOR EACH ROW EXECUTE FUNCTION ledger_entry_is_append_only();
CREATE TRIGGER ledger_entry_no_truncate BEFORE TRUNCATE ON ledger_entry
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_entry_is_append_only();

-- The shortfall of one debit: what no grant in force at its occurred_time covered. Outstanding
-- until grants pay it (SETTLEMENT entries with grant_id), SettleShortfall claims the rest for an
-- invoice (claim_*: a claimed shortfall is never paid by a grant afterwards) or ReverseDebit
-- cancels it (ADJUSTMENT without grant_id).
CREATE TABLE shortfall (
    debit_id        UUID        PRIMARY KEY,
    customer_id     TEXT        NOT NULL,
    currency_code   TEXT        NOT NULL,
    occurred_time   TIMESTAMPTZ NOT NULL,
    amount          NUMERIC     NOT NULL CHECK (amount > 0),
    outstanding     NUMERIC     NOT NULL CHECK (outstanding >= 0 AND outstanding <= amount),
    -- the SettleShortfall operation that claimed it, its reference (the invoice) and the amount
    claim_id        UUID,
    claim_reference TEXT,
    claimed_amount  NUMERIC     CHECK (claimed_amount > 0),
    claim_time      TIMESTAMPTZ,
    CHECK ((claim_id IS NULL) = (claimed_amount IS NULL) AND (claim_id IS NULL) = (claim_time IS NULL)),
    CHECK (claim_id IS NULL OR outstanding = 0)
);
CREATE INDEX shortfall_outstanding ON shortfall (customer_id, currency_code, occurred_time)
    WHERE outstanding > 0;

-- Amounts reserved by Reserve. ACTIVE holds count in balance.held; the service expires them at
-- expire_time (HoldExpiryJob).
CREATE TABLE hold (
    hold_id         UUID        PRIMARY KEY,
    customer_id     TEXT        NOT NULL,
    currency_code   TEXT        NOT NULL,
    amount          NUMERIC     NOT NULL CHECK (amount > 0),
    state           TEXT        NOT NULL CHECK (state IN ('ACTIVE', 'CAPTURED', 'RELEASED', 'EXPIRED')),
    expire_time     TIMESTAMPTZ NOT NULL,
    create_time     TIMESTAMPTZ NOT NULL,
    close_time      TIMESTAMPTZ,
    -- CAPTURED: the final amount and the debit that took it
    captured_amount NUMERIC     CHECK (captured_amount >= 0),
    debit_id        UUID,
    reference       TEXT,
    description     TEXT,
    FOREIGN KEY (customer_id, currency_code) REFERENCES balance,
    CHECK ((state = 'ACTIVE') = (close_time IS NULL)),
    CHECK ((state = 'CAPTURED') = (debit_id IS NOT NULL) AND (debit_id IS NULL) = (captured_amount IS NULL))
);
CREATE INDEX hold_due ON hold (expire_time) WHERE state = 'ACTIVE';

-- Debits reversed by ReverseDebit: the primary key reverses each debit at most once.
CREATE TABLE debit_reversal (
    debit_id    UUID        PRIMARY KEY,
    customer_id TEXT        NOT NULL,
    reversal_id UUID        NOT NULL,
    create_time TIMESTAMPTZ NOT NULL
);

-- Idempotency records: service-support's snippet, unchanged. Scope = the customer id (every wallet
-- RPC names a customer); method = the RPC (a DebitBatch item is a "Debit"); resource_id = the
-- operation id the call wrote (debit_id, grant_id, hold_id, reversal_id). Records are read under
-- the wallet lock and written in the transaction of the change.

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

-- Low-balance crossings (available went from >= threshold to < threshold), kept for later
-- delivery (webhooks): an outbox. deliver_time is set by the future deliverer.
CREATE TABLE low_balance_event (
    event_id        BIGINT      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    customer_id     TEXT        NOT NULL,
    currency_code   TEXT        NOT NULL,
    threshold       NUMERIC     NOT NULL,
    available       NUMERIC     NOT NULL,
    balance_version BIGINT      NOT NULL,
    create_time     TIMESTAMPTZ NOT NULL,
    deliver_time    TIMESTAMPTZ,
    FOREIGN KEY (customer_id, currency_code) REFERENCES balance
);
CREATE INDEX low_balance_event_customer ON low_balance_event (customer_id, event_id);
CREATE INDEX low_balance_event_undelivered ON low_balance_event (event_id) WHERE deliver_time IS NULL;
