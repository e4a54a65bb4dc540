"""Reads an error's reason (google.rpc.ErrorInfo) and field violations (google.rpc.BadRequest).

Sends two bad Track calls: one with malformed fields (INVALID_ARGUMENT, VALIDATION_FAILED, a
violation per field) and one with an unknown model (NOT_FOUND, MODEL_NOT_FOUND, suggestions).
"""
import uuid

import grpc

from tally_client import USAGE_TARGET, channel, error_details, metadata, usage_pb2, usage_pb2_grpc, common_pb2

bad_requests = {
    "malformed": usage_pb2.TrackRequest(
        customer_id="demo-balance", feature_code="ai_chat", idempotency_key="",
        token_usage=usage_pb2.TokenUsage(model="anthropic/claude-sonnet-4.6",
                                         tokens=common_pb2.TokenCounts(input_tokens=-5))),
    "unknown model": usage_pb2.TrackRequest(
        customer_id="demo-balance", feature_code="ai_chat", idempotency_key=f"example-{uuid.uuid4()}",
        token_usage=usage_pb2.TokenUsage(model="anthropic/claude-sonet-4.6",
                                         tokens=common_pb2.TokenCounts(input_tokens=10))),
}

with channel(USAGE_TARGET) as ch:
    usage = usage_pb2_grpc.UsageServiceStub(ch)
    for name, request in bad_requests.items():
        try:
            usage.Track(request, metadata=metadata(), timeout=5)
            print(f"{name}: unexpectedly accepted")
        except grpc.RpcError as e:
            info, violations = error_details(e)
            print(f"{name}: {e.code().name}: {e.details()}")
            if info:
                print(f"  reason {info.reason} (domain {info.domain}) metadata {dict(info.metadata)}")
            for v in violations:
                print(f"  field {v.field}: {v.description}")
