-- usage-service schema, version 1: accepted usage events, unique per (customer, idempotency key).
CREATE TABLE usage_event (
    id               UUID PRIMARY KEY,
    customer_id      TEXT        NOT NULL,
    idempotency_key  TEXT        NOT NULL,
    feature          TEXT        NOT NULL,
    occurred_at      TIMESTAMPTZ NOT NULL,
    received_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT usage_event_idempotency UNIQUE (customer_id, idempotency_key)
);
CREATE INDEX usage_event_customer_time ON usage_event (customer_id, occurred_at);
