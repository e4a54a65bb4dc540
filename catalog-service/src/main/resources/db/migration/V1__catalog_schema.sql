-- catalog-service schema, version 1: models and their price versions.
CREATE TABLE model (
    id          TEXT PRIMARY KEY,
    provider    TEXT        NOT NULL,
    mode        TEXT        NOT NULL DEFAULT 'chat',
    active      BOOLEAN     NOT NULL DEFAULT TRUE,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
