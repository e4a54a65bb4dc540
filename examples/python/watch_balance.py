"""Streams a customer's balance (WatchBalance) and prints every change until Ctrl-C.

    python watch_balance.py [customer_id] [max_events]     (defaults: demo-balance, unlimited)
"""
import sys

from tally_client import WALLET_TARGET, channel, metadata, wallet_pb2, wallet_pb2_grpc

customer = sys.argv[1] if len(sys.argv) > 1 else "demo-balance"
max_events = int(sys.argv[2]) if len(sys.argv) > 2 else 0

with channel(WALLET_TARGET) as ch:
    wallet = wallet_pb2_grpc.WalletServiceStub(ch)
    # a stream has no deadline: it ends with UNAVAILABLE when the replica stops; reopen it then
    stream = wallet.WatchBalance(wallet_pb2.WatchBalanceRequest(customer_id=customer), metadata=metadata())
    try:
        for seen, event in enumerate(stream, start=1):
            b = event.balance
            kind = wallet_pb2.BalanceEventKind.Name(event.kind).removeprefix("BALANCE_EVENT_KIND_")
            print(f"{kind} {customer} {b.currency_code}: available {b.available.amount} "
                  f"(version {b.version}, {len(event.transactions)} transactions)", flush=True)
            if max_events and seen >= max_events:
                break
    except KeyboardInterrupt:
        pass
    finally:
        stream.cancel()
