-- A usage-service flush done directly by pgbench: :batch Track items of chat_tokens (1,000 input +
-- 200 output tokens, CREDITS, 2.4 credits each), the statements FlushWriter (with EventWriter) and
-- OutboxStore run for one flush (keep in step with them):
--   transaction 1 (FlushWriter): look up the idempotency records of all keys, write the new records,
--   the events, the aggregate deltas (one upsert in key order) and the outbox rows;
--   transaction 2 (OutboxStore.record, after the DebitBatch): the events' debit state, the outbox
--   rows deleted.
-- Not here: the DebitBatch itself (wallet-service's own work, measured by WalletBenchmark), and
-- what the service decides in Java (pricing, responses). Variables: batch (items per flush),
-- customers (1: the hot customer; N: N customers), response_bytes / detail_bytes / request_bytes
-- (sizes of a stored TrackResponse, UsageEvent detail and DebitRequest, measured by UsageBenchmark).
\set r random(1, 1000000000000)
BEGIN;
SELECT k.customer_id, k.idempotency_key, o.method, o.request_hash, o.response, o.resource_id, o.created_at
  FROM bench_items(:r, :batch, :customers) k
 CROSS JOIN LATERAL (SELECT method, request_hash, response, resource_id, created_at FROM idempotency_record
                      WHERE scope = k.customer_id AND idempotency_key = k.idempotency_key LIMIT 1) o;
INSERT INTO idempotency_record (scope, idempotency_key, method, request_hash, response, resource_id, created_at)
SELECT customer_id, idempotency_key, 'Track', sha256(convert_to(idempotency_key, 'UTF8')),
       substr(decode(repeat(md5(idempotency_key), 64), 'hex'), 1, :response_bytes), event_id::text, now()
  FROM bench_items(:r, :batch, :customers);
INSERT INTO usage_event (event_id, customer_id, idempotency_key, feature_code, occurred_time, period_start, period_end,
                         consumption_model, units, model_id, provider, input_tokens, output_tokens, cache_read_tokens,
                         cache_write_5m_tokens, cache_write_1h_tokens, reasoning_tokens, provider_cost, cost_currency,
                         charge_amount, charge_currency, margin_amount, included_units, overage_units, detail,
                         debit_status, create_time)
SELECT event_id, customer_id, idempotency_key, 'chat_tokens', now(), date_trunc('month', now()),
       date_trunc('month', now()) + interval '1 month', 'CREDITS', 1200, 'claude-sonnet-4-5', 'anthropic', 1000, 200,
       0, 0, 0, 0, 0.006, 'USD', 2.4, 'CREDITS', 0, 0, 0,
       substr(decode(repeat(md5(idempotency_key), 64), 'hex'), 1, :detail_bytes), 'PENDING', now()
  FROM bench_items(:r, :batch, :customers);
INSERT INTO usage_aggregate AS a (customer_id, period_start, feature_code, model_id, cost_currency, event_count, units,
                                  input_tokens, output_tokens, cache_read_tokens, cache_write_5m_tokens,
                                  cache_write_1h_tokens, reasoning_tokens, provider_cost, charge_amount, margin_amount)
SELECT customer_id, date_trunc('month', now()), 'chat_tokens', 'claude-sonnet-4-5', 'USD', count(*), count(*) * 1200,
       count(*) * 1000, count(*) * 200, 0, 0, 0, 0, count(*) * 0.006, count(*) * 2.4, 0
  FROM bench_items(:r, :batch, :customers) GROUP BY customer_id ORDER BY customer_id
    ON CONFLICT (customer_id, period_start, feature_code, model_id, cost_currency) DO UPDATE SET
       event_count = a.event_count + EXCLUDED.event_count, units = a.units + EXCLUDED.units,
       input_tokens = a.input_tokens + EXCLUDED.input_tokens, output_tokens = a.output_tokens + EXCLUDED.output_tokens,
       cache_read_tokens = a.cache_read_tokens + EXCLUDED.cache_read_tokens,
       cache_write_5m_tokens = a.cache_write_5m_tokens + EXCLUDED.cache_write_5m_tokens,
       cache_write_1h_tokens = a.cache_write_1h_tokens + EXCLUDED.cache_write_1h_tokens,
       reasoning_tokens = a.reasoning_tokens + EXCLUDED.reasoning_tokens,
       provider_cost = a.provider_cost + EXCLUDED.provider_cost, charge_amount = a.charge_amount + EXCLUDED.charge_amount,
       margin_amount = a.margin_amount + EXCLUDED.margin_amount;
WITH written AS (
    INSERT INTO wallet_outbox (event_id, customer_id, kind, request, status_after, create_time, next_attempt_time)
    SELECT event_id, customer_id, 'DEBIT', substr(decode(repeat(md5(idempotency_key), 64), 'hex'), 1, :request_bytes),
           'APPLIED', now(), now() + interval '30 seconds'
      FROM bench_items(:r, :batch, :customers) ORDER BY ord
    RETURNING outbox_id)
SELECT array_agg(outbox_id)::text AS ids FROM written \gset
COMMIT;
BEGIN;
UPDATE usage_event e SET
       debit_status = CASE WHEN EXISTS (SELECT 1 FROM wallet_outbox o WHERE o.event_id = e.event_id
                                          AND o.outbox_id <> ALL(:ids::int8[])) THEN 'PENDING' ELSE 'APPLIED' END,
       debit_id = x.event_id::text, debit_shortfall = 0, balance_after = 1000000000000 - x.ord * 2.4, debit_error = NULL
  FROM bench_items(:r, :batch, :customers) x
 WHERE e.event_id = x.event_id;
DELETE FROM wallet_outbox WHERE outbox_id = ANY(:ids::int8[]);
COMMIT;
