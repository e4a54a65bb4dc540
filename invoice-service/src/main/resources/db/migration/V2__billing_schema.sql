-- invoice-service schema, version 2: plans, customers, subscriptions, billing periods, invoices.
-- Replaces the skeleton's customer table (V1, never holding data) with the billing schema.
-- Amounts are NUMERIC without scale (exact, as given); only invoice line amounts are rounded, to
-- the currency's minor unit, by the service (one rounding per line). Times are TIMESTAMPTZ.
-- The rules that must hold whatever the code does are constraints and triggers here: one model
-- per plan (and its features' columns), one live subscription per customer, one invoice per
-- subscription period close, gap-free numbers per year, finalized invoices immutable.

DROP TABLE customer;

-- Idempotency records (the service-support kit's table, unchanged).
CREATE TABLE idempotency_record (
    scope           TEXT        NOT NULL,  -- customer id, or '' for admin calls (scoped to the service)
    idempotency_key TEXT        NOT NULL CHECK (length(idempotency_key) BETWEEN 1 AND 128
                                                AND idempotency_key !~ '[[:cntrl:]]'),
    method          TEXT        NOT NULL,  -- the RPC, e.g. 'Debit'
    request_hash    BYTEA       NOT NULL CHECK (length(request_hash) = 32),  -- SHA-256 of the payload, by value
    response        BYTEA       NOT NULL,  -- the serialised response, replayed with duplicate = true
    resource_id     TEXT,                  -- what the call created (e.g. a run id), for replays that re-read it
    created_at      TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (scope, idempotency_key)
);

CREATE TABLE customer (
    customer_id   TEXT        PRIMARY KEY CHECK (customer_id ~ '^[A-Za-z0-9_.:-]{1,128}$'),
    display_name  TEXT        NOT NULL CHECK (length(display_name) BETWEEN 1 AND 200),
    email         TEXT        NOT NULL,
    currency_code TEXT        NOT NULL CHECK (currency_code ~ '^[A-Z]{3}$'),
    metadata      JSONB       NOT NULL DEFAULT '{}',
    status        TEXT        NOT NULL CHECK (status IN ('ACTIVE', 'ARCHIVED')),
    create_time   TIMESTAMPTZ NOT NULL,
    update_time   TIMESTAMPTZ NOT NULL,
    archive_time  TIMESTAMPTZ,
    row_version   BIGINT      NOT NULL,  -- optimistic lock (@Version)
    CHECK ((status = 'ARCHIVED') = (archive_time IS NOT NULL))
);
CREATE INDEX customer_newest_first ON customer (create_time DESC, customer_id DESC);

-- A plan: what all its versions share (code, currency, consumption model, status).
CREATE TABLE plan (
    plan_id           TEXT        PRIMARY KEY,
    plan_code         TEXT        NOT NULL UNIQUE CHECK (plan_code ~ '^[a-z0-9_-]{1,64}$'),
    currency_code     TEXT        NOT NULL CHECK (currency_code ~ '^[A-Z]{3}$'),
    consumption_model TEXT        NOT NULL CHECK (consumption_model IN ('METERED', 'CREDITS', 'BALANCE')),
    status            TEXT        NOT NULL CHECK (status IN ('ACTIVE', 'ARCHIVED')),
    latest_version    INTEGER     NOT NULL CHECK (latest_version >= 1),
    create_time       TIMESTAMPTZ NOT NULL,
    archive_time      TIMESTAMPTZ,
    row_version       BIGINT      NOT NULL,  -- optimistic lock: two concurrent UpdatePlan calls cannot both add version N+1
    UNIQUE (plan_id, consumption_model),
    CHECK ((status = 'ARCHIVED') = (archive_time IS NOT NULL))
);

-- One immutable version of a plan. plan_version_id is '<plan_id>@<plan_version>'.
CREATE TABLE plan_version (
    plan_version_id          TEXT        PRIMARY KEY,
    plan_id                  TEXT        NOT NULL,
    plan_version             INTEGER     NOT NULL CHECK (plan_version >= 1),
    consumption_model        TEXT        NOT NULL,
    display_name             TEXT        NOT NULL CHECK (length(display_name) BETWEEN 1 AND 200),
    base_price               NUMERIC     NOT NULL CHECK (base_price >= 0),
    billing_interval         TEXT        NOT NULL CHECK (billing_interval IN ('MONTH', 'QUARTER', 'YEAR')),
    -- CREDITS only (NULL for the other models)
    credits_per_period       NUMERIC     CHECK (credits_per_period >= 0),
    overage_price_per_credit NUMERIC     CHECK (overage_price_per_credit >= 0),
    create_time              TIMESTAMPTZ NOT NULL,
    UNIQUE (plan_id, plan_version),
    UNIQUE (plan_version_id, consumption_model),
    -- every version has the plan's model
    FOREIGN KEY (plan_id, consumption_model) REFERENCES plan (plan_id, consumption_model),
    CHECK ((consumption_model = 'CREDITS')
           = (credits_per_period IS NOT NULL AND overage_price_per_credit IS NOT NULL)),
    CHECK (consumption_model = 'CREDITS' OR (credits_per_period IS NULL AND overage_price_per_credit IS NULL))
);

-- A billable feature of a plan version, keyed by the event code. Exactly the columns of the
-- version's model are set: a row mixing models is refused here too.
CREATE TABLE plan_feature (
    plan_version_id          TEXT    NOT NULL,
    consumption_model        TEXT    NOT NULL,
    position                 INTEGER NOT NULL CHECK (position >= 0),
    feature_code             TEXT    NOT NULL CHECK (feature_code ~ '^[a-z0-9_.-]{1,64}$'),
    display_name             TEXT    NOT NULL,
    display_unit             TEXT    NOT NULL,
    meter_type               TEXT    NOT NULL CHECK (meter_type IN ('UNITS', 'TOKENS')),
    overage_policy           TEXT    NOT NULL CHECK (overage_policy IN ('ALLOW', 'BLOCK')),
    -- METERED
    included_units           NUMERIC,
    overage_block_size_units NUMERIC,
    overage_price_per_block  NUMERIC,
    overage_rounding         TEXT    CHECK (overage_rounding IN ('PROPORTIONAL', 'PER_STARTED_BLOCK')),
    -- CREDITS
    credits_per_unit         NUMERIC,
    -- BALANCE: margin for token features, unit_price for units features
    margin                   NUMERIC,
    unit_price               NUMERIC,
    PRIMARY KEY (plan_version_id, position),
    UNIQUE (plan_version_id, feature_code),
    FOREIGN KEY (plan_version_id, consumption_model) REFERENCES plan_version (plan_version_id, consumption_model),
    CHECK (CASE consumption_model
        WHEN 'METERED' THEN included_units >= 0 AND overage_block_size_units > 0 AND overage_price_per_block >= 0
                            AND overage_rounding IS NOT NULL
                            AND credits_per_unit IS NULL AND margin IS NULL AND unit_price IS NULL
        WHEN 'CREDITS' THEN credits_per_unit > 0
                            AND included_units IS NULL AND overage_block_size_units IS NULL
                            AND overage_price_per_block IS NULL AND overage_rounding IS NULL
                            AND margin IS NULL AND unit_price IS NULL
        WHEN 'BALANCE' THEN included_units IS NULL AND overage_block_size_units IS NULL
                            AND overage_price_per_block IS NULL AND overage_rounding IS NULL
                            AND credits_per_unit IS NULL
                            AND CASE meter_type WHEN 'TOKENS' THEN margin >= 0 AND unit_price IS NULL
                                                ELSE unit_price >= 0 AND margin IS NULL END
        ELSE FALSE END)
);

-- A credit pack a CREDITS plan version sells.
CREATE TABLE credit_pack (
    plan_version_id   TEXT    NOT NULL,
    consumption_model TEXT    NOT NULL CHECK (consumption_model = 'CREDITS'),
    position          INTEGER NOT NULL CHECK (position >= 0),
    credit_pack_code  TEXT    NOT NULL CHECK (credit_pack_code ~ '^[a-z0-9_.-]{1,64}$'),
    display_name      TEXT    NOT NULL,
    credits           NUMERIC NOT NULL CHECK (credits > 0),
    price             NUMERIC NOT NULL CHECK (price >= 0),
    PRIMARY KEY (plan_version_id, position),
    UNIQUE (plan_version_id, credit_pack_code),
    FOREIGN KEY (plan_version_id, consumption_model) REFERENCES plan_version (plan_version_id, consumption_model)
);

-- A customer's subscription. Periods are counted from the anchor (the start, or where the billing
-- interval last changed): period i = [anchor + (i - anchor_period_index) intervals, + 1 interval).
CREATE TABLE subscription (
    subscription_id        TEXT        PRIMARY KEY,
    customer_id            TEXT        NOT NULL REFERENCES customer,
    plan_version_id        TEXT        NOT NULL REFERENCES plan_version,
    status                 TEXT        NOT NULL CHECK (status IN ('PENDING', 'ACTIVE', 'CANCELED')),
    start_time             TIMESTAMPTZ NOT NULL,
    anchor_time            TIMESTAMPTZ NOT NULL,
    anchor_period_index    INTEGER     NOT NULL,
    -- the open period (the last one opened); NULL once CANCELED
    current_period_index   INTEGER,
    current_period_start   TIMESTAMPTZ,
    current_period_end     TIMESTAMPTZ,
    cancel_at_period_end   BOOLEAN     NOT NULL,
    cancel_time            TIMESTAMPTZ,
    end_time               TIMESTAMPTZ,
    scheduled_plan_version_id TEXT     REFERENCES plan_version,
    create_time            TIMESTAMPTZ NOT NULL,
    update_time            TIMESTAMPTZ NOT NULL,
    row_version            BIGINT      NOT NULL,
    CHECK ((status = 'CANCELED') = (current_period_index IS NULL)),
    CHECK ((current_period_index IS NULL) = (current_period_end IS NULL)),
    CHECK (current_period_end > current_period_start),
    CHECK (status <> 'CANCELED' OR end_time IS NOT NULL)
);
-- At most one PENDING or ACTIVE subscription per customer, whichever replica subscribes.
CREATE UNIQUE INDEX subscription_one_live_per_customer ON subscription (customer_id)
    WHERE status IN ('PENDING', 'ACTIVE');
CREATE INDEX subscription_newest_first ON subscription (create_time DESC, subscription_id DESC);
CREATE INDEX subscription_due_boundary ON subscription (current_period_end) WHERE status <> 'CANCELED';

-- One billing period of a subscription, with the plan version in force during it. period_id is
-- '<subscription_id>/<period_index>' (the wallet's period_reference of its grants).
CREATE TABLE billing_period (
    period_id         TEXT        PRIMARY KEY,
    subscription_id   TEXT        NOT NULL REFERENCES subscription,
    period_index      INTEGER     NOT NULL CHECK (period_index >= 0),
    customer_id       TEXT        NOT NULL REFERENCES customer,
    plan_version_id   TEXT        NOT NULL REFERENCES plan_version,
    consumption_model TEXT        NOT NULL,
    start_time        TIMESTAMPTZ NOT NULL,
    end_time          TIMESTAMPTZ NOT NULL,
    grace_end_time    TIMESTAMPTZ NOT NULL,
    -- the invoice that will close this period (its id is fixed when the period opens: the wallet
    -- settlement of the period carries it as its reference)
    closing_invoice_id TEXT       NOT NULL UNIQUE,
    grant_done        BOOLEAN     NOT NULL,
    close_time        TIMESTAMPTZ,
    UNIQUE (subscription_id, period_index),
    FOREIGN KEY (plan_version_id, consumption_model) REFERENCES plan_version (plan_version_id, consumption_model),
    CHECK (end_time > start_time),
    CHECK (grace_end_time >= end_time)
);
-- Entitlements: the period of a customer containing an instant.
CREATE INDEX billing_period_by_customer ON billing_period (customer_id, start_time DESC);
-- The job: periods due to close, and grants not made yet.
CREATE INDEX billing_period_due_close ON billing_period (grace_end_time) WHERE close_time IS NULL;
CREATE INDEX billing_period_grant_pending ON billing_period (start_time) WHERE NOT grant_done;

-- A step done for a period (GRANT, USAGE, SETTLE, EXPIRE, INVOICE), recorded once, with what it
-- produced (the other service's serialised response, or the invoice id).
CREATE TABLE period_step (
    period_id TEXT        NOT NULL REFERENCES billing_period,
    step      TEXT        NOT NULL CHECK (step IN ('GRANT', 'USAGE', 'SETTLE', 'EXPIRE', 'INVOICE')),
    result    BYTEA       NOT NULL,
    done_time TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (period_id, step)
);

CREATE TABLE invoice (
    invoice_id             TEXT        PRIMARY KEY,
    invoice_number         TEXT        UNIQUE,
    customer_id            TEXT        NOT NULL REFERENCES customer,
    subscription_id        TEXT        REFERENCES subscription,
    kind                   TEXT        NOT NULL CHECK (kind IN ('PERIOD', 'PURCHASE', 'CREDIT_NOTE')),
    status                 TEXT        NOT NULL CHECK (status IN ('DRAFT', 'FINALIZED', 'PAID', 'VOID')),
    -- PERIOD: the period whose base price it bills (or, for the last invoice, the period it closes)
    period_start           TIMESTAMPTZ,
    period_end             TIMESTAMPTZ,
    -- PERIOD: the period this invoice closes (-1: the invoice opening the subscription)
    closes_period_index    INTEGER,
    -- PERIOD: false until the close of its period has written the usage lines
    complete               BOOLEAN     NOT NULL,
    plan_version_id        TEXT        REFERENCES plan_version,
    currency_code          TEXT        NOT NULL CHECK (currency_code ~ '^[A-Z]{3}$'),
    subtotal               NUMERIC     NOT NULL,
    total                  NUMERIC     NOT NULL,
    create_time            TIMESTAMPTZ NOT NULL,
    finalize_time          TIMESTAMPTZ,
    pay_time               TIMESTAMPTZ,
    void_time              TIMESTAMPTZ,
    payment_reference      TEXT        NOT NULL,
    void_reason            TEXT        NOT NULL,
    credited_invoice_id    TEXT        UNIQUE REFERENCES invoice,
    credit_note_invoice_id TEXT        REFERENCES invoice DEFERRABLE INITIALLY DEFERRED,
    row_version            BIGINT      NOT NULL,
    CHECK (total = subtotal),
    CHECK ((invoice_number IS NULL) = (finalize_time IS NULL)),
    CHECK (status = 'DRAFT' OR (status = 'VOID' AND finalize_time IS NULL) OR invoice_number IS NOT NULL),
    CHECK ((kind = 'PERIOD') = (closes_period_index IS NOT NULL)),
    CHECK ((kind = 'CREDIT_NOTE') = (credited_invoice_id IS NOT NULL)),
    CHECK (kind = 'PERIOD' OR complete),
    CHECK (status = 'DRAFT' OR complete)
);
-- Exactly one invoice per subscription period close (and one opening invoice), whichever replica
-- runs the job, however often.
CREATE UNIQUE INDEX invoice_one_per_period_close ON invoice (subscription_id, closes_period_index)
    WHERE kind = 'PERIOD';
CREATE INDEX invoice_newest_first ON invoice (create_time DESC, invoice_id DESC);
CREATE INDEX invoice_by_customer ON invoice (customer_id, create_time DESC, invoice_id DESC);

CREATE TABLE invoice_line (
    invoice_id       TEXT    NOT NULL REFERENCES invoice,
    position         INTEGER NOT NULL CHECK (position >= 0),
    line_type        TEXT    NOT NULL CHECK (line_type IN ('BASE', 'OVERAGE', 'SHORTFALL', 'CREDIT_PACK', 'TOP_UP')),
    description      TEXT    NOT NULL,
    feature_code     TEXT,
    quantity         NUMERIC NOT NULL,
    unit_price       NUMERIC NOT NULL,
    amount           NUMERIC NOT NULL,
    usage_units      NUMERIC,
    credit_pack_code TEXT,
    service_start    TIMESTAMPTZ,
    service_end      TIMESTAMPTZ,
    PRIMARY KEY (invoice_id, position)
);

-- Invoice numbers, gap-free per year: the finalizing transaction increments its year's row (row
-- lock: one finalization at a time per year across replicas; a rollback undoes the increment).
CREATE TABLE invoice_number_counter (
    year        INTEGER PRIMARY KEY,
    last_number BIGINT  NOT NULL CHECK (last_number >= 1)
);

-- A purchase (credit pack or top-up): the wallet grant and the invoice happen in two steps; a
-- retry with the same key (or the job) completes one interrupted between them.
CREATE TABLE purchase (
    customer_id     TEXT        NOT NULL REFERENCES customer,
    idempotency_key TEXT        NOT NULL,
    method          TEXT        NOT NULL,
    request_hash    BYTEA       NOT NULL,
    request         BYTEA       NOT NULL,  -- the validated request, to complete it without the caller
    invoice_id      TEXT        NOT NULL UNIQUE,
    create_time     TIMESTAMPTZ NOT NULL,
    complete_time   TIMESTAMPTZ,
    PRIMARY KEY (customer_id, idempotency_key)
);
CREATE INDEX purchase_incomplete ON purchase (create_time) WHERE complete_time IS NULL;

-- Finalized invoices never change: only the move to PAID or VOID (with its time, reason or
-- reference, and the credit note link) is allowed, and their lines are frozen.
CREATE FUNCTION invoice_freeze() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.status = 'DRAFT' THEN
        IF NEW.status IN ('FINALIZED', 'PAID') AND NEW.total <> (SELECT coalesce(sum(amount), 0)
                                                           FROM invoice_line WHERE invoice_id = NEW.invoice_id) THEN
            RAISE EXCEPTION 'invoice % total % is not the sum of its lines', NEW.invoice_id, NEW.total
                USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
    END IF;
    IF NEW.invoice_number IS DISTINCT FROM OLD.invoice_number OR NEW.total <> OLD.total
       OR NEW.subtotal <> OLD.subtotal OR NEW.currency_code <> OLD.currency_code
       OR NEW.customer_id <> OLD.customer_id OR NEW.kind <> OLD.kind
       OR NEW.finalize_time IS DISTINCT FROM OLD.finalize_time
       OR NOT (NEW.status = OLD.status
               OR (OLD.status = 'FINALIZED' AND NEW.status IN ('PAID', 'VOID'))) THEN
        RAISE EXCEPTION 'invoice % is % and cannot change', OLD.invoice_id, OLD.status
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER invoice_freeze BEFORE UPDATE ON invoice FOR EACH ROW EXECUTE FUNCTION invoice_freeze();

CREATE FUNCTION invoice_line_freeze() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    owner TEXT := CASE WHEN TG_OP = 'DELETE' THEN OLD.invoice_id ELSE NEW.invoice_id END;
BEGIN
    IF (SELECT status FROM invoice WHERE invoice_id = owner) <> 'DRAFT' THEN
        RAISE EXCEPTION 'lines of invoice % cannot change once it is finalized', owner
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $$;
CREATE TRIGGER invoice_line_freeze BEFORE INSERT OR UPDATE OR DELETE ON invoice_line
    FOR EACH ROW EXECUTE FUNCTION invoice_line_freeze();
