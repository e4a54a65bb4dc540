// Calls ProbeService with each message of argv[3] (a JSON array) and prints, as one JSON array,
// the code and details a grpc-js client sees: [{rpc, sent, code, details}, ...].
// Usage: node status-messages.js <port> '<json array of messages>'
'use strict';
const path = require('path');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');

const [port, messagesJson] = process.argv.slice(2);
const definition = protoLoader.loadSync(path.join(__dirname, 'probe.proto'), { keepCase: true });
const ProbeService = grpc.loadPackageDefinition(definition).tally.test.v1.ProbeService;
const client = new ProbeService(`localhost:${port}`, grpc.credentials.createInsecure());
const deadline = () => new Date(Date.now() + 20000);

function unary(message) {
  return new Promise((resolve) => {
    client.Fail({ message }, { deadline: deadline() }, (err) => {
      resolve({ rpc: 'Fail', sent: message, code: err ? err.code : 0, details: err ? err.details : '' });
    });
  });
}

function stream(message) {
  return new Promise((resolve) => {
    const received = [];
    const call = client.FailAfterOne({ message }, { deadline: deadline() });
    call.on('data', (response) => received.push(response.text));
    call.on('error', (err) => resolve({ rpc: 'FailAfterOne', sent: message, code: err.code, details: err.details, received }));
    call.on('end', () => resolve({ rpc: 'FailAfterOne', sent: message, code: 0, details: '', received }));
  });
}

(async () => {
  const results = [];
  for (const message of JSON.parse(messagesJson)) {
    results.push(await unary(message));
    results.push(await stream(message));
  }
  client.close();
  process.stdout.write(JSON.stringify(results) + '\n');
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
