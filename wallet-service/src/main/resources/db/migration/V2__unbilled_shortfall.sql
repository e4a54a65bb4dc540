-- wallet-service schema, version 2: what tells unbilled shortfall apart.

-- When a balance's outstanding shortfall occurred and the windows of its grants, small enough to be
-- read and written with the balance (domain.ShortfallTimes; the hot debit path reads no shortfall
-- row): {"p": earliest effective_time of a grant that never expires, or null,
--        "w": [[effective_time, expire_time], ...] of expiring grants not past their expiry (used-up
--             ones included),
--        "b": [[first occurred_time, last occurred_time, outstanding], ...] buckets of outstanding
--             shortfall, each between two consecutive window boundaries; their sum = shortfall}.
-- Existing balances get one bucket per outstanding lot (exact; the next grant, settlement or
-- reversal merges them).
ALTER TABLE balance ADD COLUMN shortfall_times JSONB;
UPDATE balance b SET shortfall_times = jsonb_build_object(
    'p', (SELECT min(g.effective_time) FROM wallet_grant g
          WHERE g.customer_id = b.customer_id AND g.currency_code = b.currency_code AND g.expire_time IS NULL),
    'w', coalesce((SELECT jsonb_agg(jsonb_build_array(g.effective_time, g.expire_time) ORDER BY g.effective_time)
                   FROM wallet_grant g
                   WHERE g.customer_id = b.customer_id AND g.currency_code = b.currency_code
                     AND g.expire_time IS NOT NULL AND g.close_time IS NULL AND g.expire_time > now()),
                  '[]'::jsonb),
    'b', coalesce((SELECT jsonb_agg(jsonb_build_array(s.occurred_time, s.occurred_time, s.outstanding::text)
                                    ORDER BY s.occurred_time)
                   FROM shortfall s
                   WHERE s.customer_id = b.customer_id AND s.currency_code = b.currency_code AND s.outstanding > 0),
                  '[]'::jsonb));
ALTER TABLE balance ALTER COLUMN shortfall_times SET DEFAULT '{"p": null, "w": [], "b": []}'::jsonb;
ALTER TABLE balance ALTER COLUMN shortfall_times SET NOT NULL;
