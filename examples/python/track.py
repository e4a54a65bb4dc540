"""Tracks one token event (anthropic/claude-sonnet-4.6) and prints its charge and what remains.

    python track.py [customer_id] [feature_code]      (defaults: demo-balance ai_chat)
"""
import sys
import uuid

from tally_client import USAGE_TARGET, channel, metadata, usage_pb2, usage_pb2_grpc, common_pb2

customer = sys.argv[1] if len(sys.argv) > 1 else "demo-balance"
feature = sys.argv[2] if len(sys.argv) > 2 else "ai_chat"

with channel(USAGE_TARGET) as ch:
    usage = usage_pb2_grpc.UsageServiceStub(ch)
    response = usage.Track(usage_pb2.TrackRequest(
        customer_id=customer,
        feature_code=feature,
        idempotency_key=f"example-{uuid.uuid4()}",  # in production: your LLM request id
        token_usage=usage_pb2.TokenUsage(
            model="anthropic/claude-sonnet-4.6",
            tokens=common_pb2.TokenCounts(input_tokens=1200, output_tokens=350, cache_read_tokens=4000)),
    ), metadata=metadata(), timeout=5)

charge, remaining = response.charge, response.remaining
print(f"event {response.event_id} for {customer}: {charge.units} tokens, "
      f"provider cost {response.token_cost.provider_cost.amount} {response.token_cost.provider_cost.currency_code}")
model = charge.WhichOneof("consumption_model")
if model == "balance":
    b = charge.balance
    print(f"charged {b.amount.amount} {b.amount.currency_code} "
          f"(cost {b.cost.amount} + margin {b.margin_amount.amount} at {b.margin})")
elif model == "credits":
    print(f"charged {charge.credits.amount.amount} CREDITS")
else:
    print(f"metered: {charge.metered.included_units} included, {charge.metered.overage_units} overage")
left = remaining.WhichOneof("consumption_model")
if left == "metered":
    print(f"remaining: {remaining.metered.included_units_left} included tokens")
else:
    wallet = getattr(remaining, left)
    print(f"remaining balance: {wallet.available.amount} {wallet.available.currency_code}")
