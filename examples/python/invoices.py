"""Prints a customer's open billing period, the wallet grants made for it and the invoices that
bill it, with their amounts as the invoice states them (at the currency's scale: "50.00").

    python invoices.py [customer_id]      (default: demo-balance)
"""
import sys

from tally_client import (INVOICE_TARGET, WALLET_TARGET, channel, invoice_pb2, invoice_pb2_grpc, metadata,
                          wallet_pb2, wallet_pb2_grpc)


def time(t):
    return t.ToDatetime().strftime("%Y-%m-%dT%H:%M:%SZ")


def span(r, present=True):
    return f"{time(r.start_time)}..{time(r.end_time)}" if present else "none"


customer = sys.argv[1] if len(sys.argv) > 1 else "demo-balance"
with channel(INVOICE_TARGET) as ich, channel(WALLET_TARGET) as wch:
    invoice = invoice_pb2_grpc.InvoiceServiceStub(ich)
    wallet = wallet_pb2_grpc.WalletServiceStub(wch)
    sub = invoice.ListSubscriptions(
        invoice_pb2.ListSubscriptionsRequest(
            customer_id=customer, status=invoice_pb2.SUBSCRIPTION_STATUS_ACTIVE),
        metadata=metadata(), timeout=5).subscriptions[0]
    print(f"subscription {sub.subscription_id}: period {sub.current_period_reference} "
          f"{span(sub.current_period)}")

    # the period's grants carry its reference and its bounds: no string to parse
    balances = wallet.GetBalance(
        wallet_pb2.GetBalanceRequest(customer_id=customer, view=wallet_pb2.BALANCE_VIEW_FULL),
        metadata=metadata(), timeout=5).balances
    for b in balances:
        for g in b.grants:
            if g.period_reference == sub.current_period_reference:
                source = wallet_pb2.GrantSource.Name(g.source).removeprefix("GRANT_SOURCE_")
                print(f"grant {source} {g.remaining_amount.amount} {g.remaining_amount.currency_code} left, "
                      f"period {g.period_reference} {span(g.period, g.HasField('period'))}")

    # every invoice with a line billing this period: its base in advance, purchases made in it,
    # and (after it closes) the renewal invoice carrying its usage
    invoices = invoice.ListInvoices(
        invoice_pb2.ListInvoicesRequest(customer_id=customer, period=sub.current_period),
        metadata=metadata(), timeout=5).invoices
    for inv in invoices:
        kind = invoice_pb2.InvoiceKind.Name(inv.kind).removeprefix("INVOICE_KIND_")
        status = invoice_pb2.InvoiceStatus.Name(inv.status).removeprefix("INVOICE_STATUS_")
        print(f"invoice {inv.invoice_number or inv.invoice_id} {kind} {status}: "
              f"total {inv.total.amount} {inv.total.currency_code}")
        for line in inv.lines:
            kind = invoice_pb2.InvoiceLineType.Name(line.line_type).removeprefix("INVOICE_LINE_TYPE_")
            print(f"  line {kind} {line.amount.amount} ({line.quantity} x {line.unit_price.amount}) "
                  f"service {span(line.service_period, line.HasField('service_period'))}")
