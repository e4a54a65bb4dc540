-- What each sync run changed, one row per model (ListSyncChanges): written in the transaction
-- that ends the run (SUCCEEDED, or HELD as a preview) and, for a held run, replaced by what
-- ApplyHeldSync applied. Runs recorded before this table existed list nothing.
CREATE TABLE sync_change (
    sync_run_id          UUID        NOT NULL REFERENCES sync_run ON DELETE CASCADE,
    -- byte order, the order of the listing and of its keyset paging
    model_id             TEXT COLLATE "C" NOT NULL,
    kind                 TEXT        NOT NULL CHECK (kind IN ('ADDED', 'PRICE_CHANGED', 'DEACTIVATED', 'REACTIVATED')),
    reactivated          BOOLEAN     NOT NULL,
    -- the model's latest version before the run; NULL only for an added model
    old_price_version_id UUID REFERENCES price_version,
    -- the version the run created (ADDED, PRICE_CHANGED once applied)
    new_price_version_id UUID REFERENCES price_version,
    -- NULL while the row is a held run's preview (nothing applied yet)
    effective_time       TIMESTAMPTZ,
    -- [{"rate": "output_cost_per_token", "tier": 0, "old": "0.000015", "new": "0.000012"}, ...]:
    -- values as exact decimal strings, null when unset (see catalog.proto RateChange)
    rate_changes         JSONB       NOT NULL,
    PRIMARY KEY (sync_run_id, model_id),
    CHECK ((kind = 'ADDED') = (old_price_version_id IS NULL)),
    CHECK (kind <> 'REACTIVATED' OR reactivated),
    -- applied (effective_time set): a version exactly for ADDED and PRICE_CHANGED; preview: none
    CHECK ((new_price_version_id IS NOT NULL)
        = (effective_time IS NOT NULL AND kind IN ('ADDED', 'PRICE_CHANGED')))
);

-- The catalog revision a HELD run's preview was computed at: a later revision (a manual price)
-- means ApplyHeldSync may differ from the preview.
ALTER TABLE sync_run ADD COLUMN preview_revision BIGINT;
