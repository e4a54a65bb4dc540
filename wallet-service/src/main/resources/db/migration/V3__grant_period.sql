-- wallet-service schema, version 3: the billing period a grant belongs to (GrantCreditsRequest.period),
-- informational: start and end as the caller stated them, both or neither.
ALTER TABLE wallet_grant ADD COLUMN period_start TIMESTAMPTZ;
ALTER TABLE wallet_grant ADD COLUMN period_end TIMESTAMPTZ;
ALTER TABLE wallet_grant ADD CONSTRAINT wallet_grant_period
    CHECK ((period_start IS NULL) = (period_end IS NULL) AND (period_end IS NULL OR period_end > period_start));
