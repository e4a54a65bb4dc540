// Prints a customer's open billing period, the wallet grants made for it and the invoices that bill
// it, with their amounts as the invoice states them (at the currency's scale: "50.00").
//   node invoices.js [customer_id]      (default: demo-balance)
'use strict';
const { invoiceClient, walletClient, call } = require('./tally_client');

/** "2026-03-01T00:00:00Z" from a google.protobuf.Timestamp ({ seconds: String, nanos }). */
const time = (t) => new Date(Number(t.seconds) * 1000).toISOString().replace('.000Z', 'Z');
const range = (r) => (r ? `${time(r.start_time)}..${time(r.end_time)}` : 'none');

async function main() {
  const customer = process.argv[2] || 'demo-balance';
  const invoice = invoiceClient();
  const wallet = walletClient();
  const { subscriptions } = await call(invoice, 'ListSubscriptions',
    { customer_id: customer, status: 'SUBSCRIPTION_STATUS_ACTIVE' });
  const sub = subscriptions[0];
  console.log(`subscription ${sub.subscription_id}: period ${sub.current_period_reference} ` +
    `${range(sub.current_period)}`);

  // the period's grants carry its reference and its bounds: no string to parse
  const { balances } = await call(wallet, 'GetBalance', { customer_id: customer, view: 'BALANCE_VIEW_FULL' });
  for (const b of balances) {
    for (const g of b.grants.filter((g) => g.period_reference === sub.current_period_reference)) {
      console.log(`grant ${g.source.replace('GRANT_SOURCE_', '')} ${g.remaining_amount.amount} ` +
        `${g.remaining_amount.currency_code} left, period ${g.period_reference} ${range(g.period)}`);
    }
  }

  // every invoice with a line billing this period: its base in advance, purchases made in it,
  // and (after it closes) the renewal invoice carrying its usage
  const { invoices } = await call(invoice, 'ListInvoices', { customer_id: customer, period: sub.current_period });
  for (const inv of invoices) {
    console.log(`invoice ${inv.invoice_number || inv.invoice_id} ${inv.kind.replace('INVOICE_KIND_', '')} ` +
      `${inv.status.replace('INVOICE_STATUS_', '')}: total ${inv.total.amount} ${inv.total.currency_code}`);
    for (const l of inv.lines) {
      console.log(`  line ${l.line_type.replace('INVOICE_LINE_TYPE_', '')} ${l.amount.amount} ` +
        `(${l.quantity} x ${l.unit_price.amount}) service ${range(l.service_period)}`);
    }
  }
  invoice.close();
  wallet.close();
}

main().catch((err) => { console.error(`${err.code}: ${err.details || err.message}`); process.exit(1); });
