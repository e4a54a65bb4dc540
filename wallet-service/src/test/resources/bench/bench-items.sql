-- The items of one pgbench batch: item i of batch r goes to the hot wallet (wallets = 1) or to a
-- pseudo-random one of bench-00000 .. (like WalletBenchmark's gRPC clients), with a fresh key.
CREATE OR REPLACE FUNCTION bench_items(r bigint, n int, wallets int)
    RETURNS TABLE (ord int, customer_id text, idempotency_key text)
    LANGUAGE sql IMMUTABLE AS $$
SELECT i,
       CASE WHEN wallets = 1 THEN 'bench-hot'
            ELSE 'bench-' || lpad((abs(hashint8(r * 100000 + i)) % wallets)::text, 5, '0') END,
       'pgb-' || r || '-' || i
  FROM generate_series(1, n) AS i
$$;
