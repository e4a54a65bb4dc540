-- invoice-service schema, version 1: customers.
CREATE TABLE customer (
    id          TEXT PRIMARY KEY,
    name        TEXT        NOT NULL,
    email       TEXT,
    archived    BOOLEAN     NOT NULL DEFAULT FALSE,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
