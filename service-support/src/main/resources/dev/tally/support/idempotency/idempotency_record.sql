-- Idempotency records (dev.tally.support.idempotency.IdempotencyStore). Copy this statement into the
-- service's own Flyway migration unchanged (services own their schema; every service's
-- ServiceFoundationTest proves its copy makes this same table); the store reads and writes
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
