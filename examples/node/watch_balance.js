// Streams a customer's balance (WatchBalance) and prints every change until Ctrl-C.
//   node watch_balance.js [customer_id] [max_events]     (defaults: demo-balance, unlimited)
'use strict';
const { grpc, walletClient, metadata } = require('./tally_client');

const customer = process.argv[2] || 'demo-balance';
const maxEvents = Number(process.argv[3] || 0);
const wallet = walletClient();
// a stream has no deadline: it ends with UNAVAILABLE when the replica stops; reopen it then
const stream = wallet.WatchBalance({ customer_id: customer }, metadata());
let seen = 0;
stream.on('data', (event) => {
  const b = event.balance;
  console.log(`${event.kind.replace('BALANCE_EVENT_KIND_', '')} ${customer} ${b.currency_code}: ` +
    `available ${b.available.amount} (version ${b.version}, ${event.transactions.length} transactions)`);
  if (maxEvents && ++seen >= maxEvents) stream.cancel();
});
stream.on('error', (err) => {
  if (err.code !== grpc.status.CANCELLED) {
    console.error(`${err.code}: ${err.details}`);
    process.exitCode = 1;
  }
  wallet.close();
});
stream.on('end', () => wallet.close());
process.on('SIGINT', () => stream.cancel());
