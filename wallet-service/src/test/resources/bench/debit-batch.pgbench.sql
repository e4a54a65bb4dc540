-- DebitBatch's SQL work done directly by pgbench: one transaction per batch of :batch debits of
-- 0.0004485 credits, running the statements WalletSession runs for a batch (keep in step with it):
-- lock the wallets in customer order, look up the idempotency keys, load the balances with their open
-- grants (one statement), one balance update per wallet, the grant updates, the ledger and
-- idempotency record inserts, NOTIFY.
-- Debit ids are time-ordered (uuidv7(), PostgreSQL 18), as the service makes them.
-- What the service decides in Java (amounts, balance after, responses) is computed here by SQL.
-- Variables: batch (debits per transaction), wallets (1: the hot wallet; N: N wallets),
-- response_bytes (size of a stored DebitResponse). bench_items() is created by WalletBenchmark.
\set r random(1, 1000000000000)
BEGIN;
SELECT customer_id FROM wallet
 WHERE customer_id = ANY(ARRAY(SELECT customer_id FROM bench_items(:r, :batch, :wallets)))
 ORDER BY customer_id FOR UPDATE;
SELECT k.customer_id, k.idempotency_key, r.method, r.request_hash, r.response, r.resource_id, r.created_at
  FROM bench_items(:r, :batch, :wallets) k
 CROSS JOIN LATERAL (SELECT method, request_hash, response, resource_id, created_at FROM idempotency_record
                      WHERE scope = k.customer_id AND idempotency_key = k.idempotency_key LIMIT 1) r;
SELECT b.customer_id, b.currency_code, b.granted, b.shortfall, b.held, b.version, b.low_balance_threshold,
       b.update_time, b.shortfall_times, g.grant_id, g.source, g.original_amount, g.remaining_amount, g.effective_time, g.expire_time,
       g.priority, g.period_reference, g.reference, g.description, g.created_version, g.create_time, g.close_time
  FROM (SELECT DISTINCT customer_id FROM bench_items(:r, :batch, :wallets)) k
 CROSS JOIN LATERAL (SELECT * FROM balance
                      WHERE customer_id = k.customer_id AND currency_code = 'CREDITS' LIMIT 1) b
  LEFT JOIN LATERAL (SELECT * FROM wallet_grant g
                      WHERE g.customer_id = b.customer_id AND g.currency_code = b.currency_code
                        AND g.remaining_amount > 0 AND g.close_time IS NULL OFFSET 0) g ON true;
UPDATE balance b SET granted = b.granted - x.debited, version = b.version + x.n, update_time = now(),
                     shortfall_times = b.shortfall_times
  FROM (SELECT customer_id, count(*) * 0.0004485 AS debited, count(*) AS n
          FROM bench_items(:r, :batch, :wallets) GROUP BY customer_id) x
 WHERE b.customer_id = x.customer_id AND b.currency_code = 'CREDITS';
UPDATE wallet_grant g SET remaining_amount = g.remaining_amount - x.debited
  FROM (SELECT customer_id, count(*) * 0.0004485 AS debited
          FROM bench_items(:r, :batch, :wallets) GROUP BY customer_id) x
 WHERE g.customer_id = x.customer_id AND g.currency_code = 'CREDITS'
   AND g.remaining_amount > 0 AND g.close_time IS NULL;
INSERT INTO ledger_entry (customer_id, currency_code, entry_type, amount, balance_after, shortfall_after,
                          balance_version, grant_id, debit_id, hold_id, occurred_time, operation_id, reference,
                          idempotency_key, description, metadata, create_time)
SELECT customer_id, 'CREDITS', 'DEBIT', 0.0004485, 1000000000000 - ord * 0.0004485, 0, ord, gen_random_uuid(),
       d, NULL, now(), d, 'evt-' || idempotency_key, idempotency_key, NULL, NULL, now()
  FROM (SELECT *, uuidv7() AS d FROM bench_items(:r, :batch, :wallets)) i ORDER BY ord;
INSERT INTO idempotency_record (scope, idempotency_key, method, request_hash, response, resource_id, created_at)
SELECT customer_id, idempotency_key, 'Debit', sha256(convert_to(idempotency_key, 'UTF8')),
       substr(decode(repeat(md5(idempotency_key), 32), 'hex'), 1, :response_bytes), uuidv7()::text, now()
  FROM bench_items(:r, :batch, :wallets);
SELECT pg_notify('tally_wallet_balance', string_agg(customer_id, E'\n'))
  FROM (SELECT DISTINCT customer_id FROM bench_items(:r, :batch, :wallets)) c GROUP BY hashtext(customer_id) & 3;
COMMIT;
