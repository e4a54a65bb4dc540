-- wallet-service schema, version 1.
-- Every amount is NUMERIC without precision or scale: exact, never rounded (a usage cost such
-- as 0.0004485 keeps every digit). Times are TIMESTAMPTZ.

-- One row per customer. Every change of a customer's wallet first locks this row
-- (SELECT ... FOR UPDATE, several customers in customer_id order), so changes of one wallet are
-- serialised by the database whichever replica makes them.
CREATE TABLE wallet (
    customer_id TEXT        PRIMARY KEY,
    created_at  TIMESTAMPTZ NOT NULL
);

-- The balance of one unit ("CREDITS" or an ISO 4217 code) of a wallet. It always equals what
-- ledger_entry derives: granted = sum of the live grants' remaining_amount, shortfall = owed.
CREATE TABLE balance (
    customer_id           TEXT        NOT NULL REFERENCES wallet,
    currency_code         TEXT        NOT NULL,
    granted               NUMERIC     NOT NULL CHECK (granted >= 0),
    shortfall             NUMERIC     NOT NULL CHECK (shortfall >= 0),
    available             NUMERIC     GENERATED ALWAYS AS (granted - shortfall) STORED,
    -- +1 per operation that changed this balance (and per new threshold)
    version               BIGINT      NOT NULL CHECK (version >= 0),
    -- NULL: no low-balance threshold
    low_balance_threshold NUMERIC,
    updated_at            TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (customer_id, currency_code)
);

-- Credits or money given to a customer, consumed by debits in a fixed order (see GrantOrder).
CREATE TABLE wallet_grant (
    grant_id         UUID        PRIMARY KEY,
    customer_id      TEXT        NOT NULL,
    currency_code    TEXT        NOT NULL,
    source           TEXT        NOT NULL
        CHECK (source IN ('SUBSCRIPTION', 'PACK', 'TOP_UP', 'PROMO', 'PERIOD_BALANCE')),
    original_amount  NUMERIC     NOT NULL CHECK (original_amount > 0),
    remaining_amount NUMERIC     NOT NULL CHECK (remaining_amount >= 0 AND remaining_amount <= original_amount),
    expires_at       TIMESTAMPTZ,
    priority         INTEGER     NOT NULL,
    period_reference TEXT,
    reference        TEXT,
    description      TEXT,
    -- the balance version its grant operation produced: orders grants of one balance by age
    created_version  BIGINT      NOT NULL,
    created_at       TIMESTAMPTZ NOT NULL,
    expired_at       TIMESTAMPTZ,
    FOREIGN KEY (customer_id, currency_code) REFERENCES balance,
    CHECK (expired_at IS NULL OR remaining_amount = 0)
);
CREATE INDEX wallet_grant_live ON wallet_grant (customer_id, currency_code)
    WHERE remaining_amount > 0 AND expired_at IS NULL;

-- The append-only ledger: every change of a balance, with the balance after it. Effects on
-- (granted, shortfall) by entry_type: GRANT (+amount, 0), DEBIT (-amount, 0), EXPIRY (-amount, 0),
-- SHORTFALL (0, +amount), SETTLEMENT with grant_id (-amount, -amount), SETTLEMENT without
-- (0, -amount), ADJUSTMENT (+amount, 0).
CREATE TABLE ledger_entry (
    entry_id        BIGINT      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    customer_id     TEXT        NOT NULL,
    currency_code   TEXT        NOT NULL,
    entry_type      TEXT        NOT NULL
        CHECK (entry_type IN ('GRANT', 'DEBIT', 'EXPIRY', 'SHORTFALL', 'SETTLEMENT', 'ADJUSTMENT')),
    amount          NUMERIC     NOT NULL CHECK (amount > 0 OR entry_type = 'ADJUSTMENT'),
    -- available (granted - shortfall) right after the entry
    balance_after   NUMERIC     NOT NULL,
    shortfall_after NUMERIC     NOT NULL CHECK (shortfall_after >= 0),
    balance_version BIGINT      NOT NULL,
    grant_id        UUID,
    operation_id    UUID        NOT NULL,
    reference       TEXT,
    idempotency_key TEXT,
    description     TEXT,
    metadata        JSONB,
    created_at      TIMESTAMPTZ NOT NULL
    -- No foreign key to balance: entries are only written with their balance, under the wallet
    -- lock, and a foreign-key check per row costs the DebitBatch hot path about 30% of this
    -- insert (the ledger test helper checks that every entry has its balance).
);
CREATE INDEX ledger_entry_customer ON ledger_entry (customer_id, entry_id);

CREATE FUNCTION ledger_entry_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'ledger_entry is append-only (% refused)', TG_OP;
END;
$$;
CREATE TRIGGER ledger_entry_no_update_or_delete BEFORE UPDATE OR DELETE ON ledger_entry
    FOR EACH ROW EXECUTE FUNCTION ledger_entry_is_append_only();
CREATE TRIGGER ledger_entry_no_truncate BEFORE TRUNCATE ON ledger_entry
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_entry_is_append_only();

-- One row per idempotent call: the customer's key, a hash of what was asked and the response
-- given (serialised protobuf), replayed with duplicate = true. The primary key makes every key
-- apply at most once, whatever the number of replicas.
-- (No foreign key to wallet, for the same reason as ledger_entry: written under the wallet lock.)
CREATE TABLE operation (
    customer_id     TEXT        NOT NULL,
    idempotency_key TEXT        NOT NULL,
    operation_id    UUID        NOT NULL,
    kind            TEXT        NOT NULL,
    request_hash    BYTEA       NOT NULL,
    response        BYTEA       NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (customer_id, idempotency_key)
);

-- Low-balance crossings (available went from >= threshold to < threshold), kept for later
-- delivery (webhooks): an outbox. delivered_at is set by the future deliverer.
CREATE TABLE low_balance_event (
    event_id        BIGINT      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    customer_id     TEXT        NOT NULL,
    currency_code   TEXT        NOT NULL,
    threshold       NUMERIC     NOT NULL,
    available       NUMERIC     NOT NULL,
    balance_version BIGINT      NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL,
    delivered_at    TIMESTAMPTZ,
    FOREIGN KEY (customer_id, currency_code) REFERENCES balance
);
CREATE INDEX low_balance_event_customer ON low_balance_event (customer_id, event_id);
CREATE INDEX low_balance_event_undelivered ON low_balance_event (event_id) WHERE delivered_at IS NULL;
