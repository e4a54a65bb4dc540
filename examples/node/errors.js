// Reads an error's reason (google.rpc.ErrorInfo) and field violations (google.rpc.BadRequest).
// Sends two bad Track calls: one with malformed fields (INVALID_ARGUMENT, VALIDATION_FAILED, a
// violation per field) and one with an unknown model (NOT_FOUND, MODEL_NOT_FOUND, suggestions).
'use strict';
const crypto = require('crypto');
const { grpc, usageClient, call, errorDetails } = require('./tally_client');

const badRequests = {
  malformed: {
    customer_id: 'demo-balance', feature_code: 'ai_chat', idempotency_key: '',
    token_usage: { model: 'anthropic/claude-sonnet-4.6', tokens: { input_tokens: -5 } },
  },
  'unknown model': {
    customer_id: 'demo-balance', feature_code: 'ai_chat', idempotency_key: `example-${crypto.randomUUID()}`,
    token_usage: { model: 'anthropic/claude-sonet-4.6', tokens: { input_tokens: 10 } },
  },
};

async function main() {
  const usage = usageClient();
  for (const [name, request] of Object.entries(badRequests)) {
    try {
      await call(usage, 'Track', request);
      console.log(`${name}: unexpectedly accepted`);
    } catch (err) {
      const { info, violations } = errorDetails(err);
      console.log(`${name}: ${grpc.status[err.code]}: ${err.details}`);
      if (info) console.log(`  reason ${info.reason} (domain ${info.domain}) metadata ${JSON.stringify(info.metadata || {})}`);
      for (const v of violations) console.log(`  field ${v.field}: ${v.description}`);
    }
  }
  usage.close();
}

main();
