"""What every Python example shares: generated stubs, a channel configured like every Tally
client should be, the API key, and reading an error's details.

Stubs are generated from ../../proto at first use (into gen/, git-ignored) with grpcio-tools,
and again whenever a .proto file is newer than them.
"""
import json
import os
import pathlib
import sys

import grpc

HERE = pathlib.Path(__file__).resolve().parent
REPO = HERE.parent.parent
PROTO_ROOT = REPO / "proto" / "src" / "main" / "proto"
SERVICE_CONFIG = REPO / "proto" / "grpc-service-config.json"
GEN = HERE / "gen"

# Addresses (gRPC target strings), overridable for a remote system, e.g. dns:///tally-usage:8083
USAGE_TARGET = os.environ.get("TALLY_USAGE_TARGET", "localhost:8083")
WALLET_TARGET = os.environ.get("TALLY_WALLET_TARGET", "localhost:8082")
INVOICE_TARGET = os.environ.get("TALLY_INVOICE_TARGET", "localhost:8084")


def _generate_stubs():
    protos = sorted(PROTO_ROOT.glob("tally/*/v1/*.proto"))
    stamp = GEN / ".generated"
    newest = max(p.stat().st_mtime for p in protos)
    if stamp.exists() and stamp.stat().st_mtime >= newest:
        return
    from importlib import resources
    from grpc_tools import protoc
    well_known = str(resources.files("grpc_tools") / "_proto")
    GEN.mkdir(exist_ok=True)
    args = ["protoc", f"-I{PROTO_ROOT}", f"-I{well_known}", f"--python_out={GEN}", f"--grpc_python_out={GEN}"]
    if protoc.main(args + [str(p) for p in protos]) != 0:
        sys.exit("stub generation failed")
    stamp.touch()


_generate_stubs()
sys.path.insert(0, str(GEN))

from google.rpc import error_details_pb2, status_pb2  # noqa: E402  (googleapis-common-protos)
from tally.usage.v1 import usage_pb2, usage_pb2_grpc  # noqa: E402,F401
from tally.wallet.v1 import wallet_pb2, wallet_pb2_grpc  # noqa: E402,F401
from tally.invoice.v1 import invoice_pb2, invoice_pb2_grpc  # noqa: E402,F401
from tally.common.v1 import common_pb2  # noqa: E402,F401


def channel(target):
    """A channel with the shipped service config (retry on UNAVAILABLE, deadlines) and keepalive."""
    options = [
        ("grpc.service_config", SERVICE_CONFIG.read_text()),
        ("grpc.enable_retries", 1),
        ("grpc.keepalive_time_ms", 30_000),
        ("grpc.keepalive_permit_without_calls", 1),
    ]
    return grpc.insecure_channel(target, options=options)


def metadata():
    """`authorization: Bearer $TALLY_API_KEY` when the variable is set (API keys: issue 12)."""
    key = os.environ.get("TALLY_API_KEY")
    return [("authorization", f"Bearer {key}")] if key else []


def error_details(error: grpc.RpcError):
    """(ErrorInfo or None, [BadRequest.FieldViolation]) from the grpc-status-details-bin trailer."""
    info, violations = None, []
    for key, value in error.trailing_metadata() or ():
        if key != "grpc-status-details-bin":
            continue
        status = status_pb2.Status.FromString(value)
        for detail in status.details:
            if detail.Is(error_details_pb2.ErrorInfo.DESCRIPTOR):
                info = error_details_pb2.ErrorInfo()
                detail.Unpack(info)
            elif detail.Is(error_details_pb2.BadRequest.DESCRIPTOR):
                bad_request = error_details_pb2.BadRequest()
                detail.Unpack(bad_request)
                violations.extend(bad_request.field_violations)
    return info, violations
