-- wallet-service schema, version 1: one wallet per customer.
CREATE TABLE wallet (
    customer_id TEXT PRIMARY KEY,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
