-- The items of one pgbench flush: item i of flush r goes to the hot customer (customers = 1) or to a
-- pseudo-random one of pgb-00000 .. (like UsageBenchmark's gRPC phases), with a fresh key and a fresh
-- event id. pgbench's customers are not the gRPC phases' ones (bench-...), so the reconciliation
-- (done before pgbench runs) never counts them.
CREATE OR REPLACE FUNCTION bench_items(r bigint, n int, customers int)
    RETURNS TABLE (ord int, customer_id text, idempotency_key text, event_id uuid)
    LANGUAGE sql IMMUTABLE AS $$
SELECT i,
       CASE WHEN customers = 1 THEN 'pgb-hot'
            ELSE 'pgb-' || lpad((abs(hashint8(r * 100000 + i)) % customers)::text, 5, '0') END,
       'pgb-' || r || '-' || i,
       md5(r || '-' || i)::uuid
  FROM generate_series(1, n) AS i
$$;
