// Tracks one token event (anthropic/claude-sonnet-4.6) and prints its charge and what remains.
//   node track.js [customer_id] [feature_code]      (defaults: demo-balance ai_chat)
'use strict';
const crypto = require('crypto');
const { usageClient, call } = require('./tally_client');

async function main() {
  const customer = process.argv[2] || 'demo-balance';
  const feature = process.argv[3] || 'ai_chat';
  const usage = usageClient();
  const response = await call(usage, 'Track', {
    customer_id: customer,
    feature_code: feature,
    idempotency_key: `example-${crypto.randomUUID()}`, // in production: your LLM request id
    token_usage: {
      model: 'anthropic/claude-sonnet-4.6',
      tokens: { input_tokens: 1200, output_tokens: 350, cache_read_tokens: 4000 },
    },
  });
  usage.close();

  const { charge, remaining, token_cost: cost } = response;
  console.log(`event ${response.event_id} for ${customer}: ${charge.units} tokens, ` +
    `provider cost ${cost.provider_cost.amount} ${cost.provider_cost.currency_code}`);
  if (charge.consumption_model === 'balance') {
    const b = charge.balance;
    console.log(`charged ${b.amount.amount} ${b.amount.currency_code} ` +
      `(cost ${b.cost.amount} + margin ${b.margin_amount.amount} at ${b.margin})`);
  } else if (charge.consumption_model === 'credits') {
    console.log(`charged ${charge.credits.amount.amount} CREDITS`);
  } else {
    console.log(`metered: ${charge.metered.included_units} included, ${charge.metered.overage_units} overage`);
  }
  if (remaining.consumption_model === 'metered') {
    console.log(`remaining: ${remaining.metered.included_units_left} included tokens`);
  } else {
    const w = remaining[remaining.consumption_model];
    console.log(`remaining balance: ${w.available.amount} ${w.available.currency_code}`);
  }
}

main().catch((err) => { console.error(`${err.code}: ${err.details || err.message}`); process.exit(1); });
