// What every Node example shares: the contracts loaded at run time (no code generation), a
// channel configured like every Tally client should be, the API key, and reading an error's details.
'use strict';
const fs = require('fs');
const path = require('path');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');
const protobuf = require('protobufjs');

const REPO = path.resolve(__dirname, '..', '..');
const PROTO_ROOT = path.join(REPO, 'proto', 'src', 'main', 'proto');
const SERVICE_CONFIG = fs.readFileSync(path.join(REPO, 'proto', 'grpc-service-config.json'), 'utf8');

// Addresses (gRPC target strings), overridable for a remote system, e.g. dns:///tally-usage:8083
const USAGE_TARGET = process.env.TALLY_USAGE_TARGET || 'localhost:8083';
const WALLET_TARGET = process.env.TALLY_WALLET_TARGET || 'localhost:8082';
const INVOICE_TARGET = process.env.TALLY_INVOICE_TARGET || 'localhost:8084';

// longs: String keeps int64 exact; enums: String gives names; defaults and oneofs make unset
// fields and the oneof case (e.g. charge.consumption_model) visible.
const definition = protoLoader.loadSync(
  ['tally/usage/v1/usage.proto', 'tally/wallet/v1/wallet.proto', 'tally/invoice/v1/invoice.proto'],
  { includeDirs: [PROTO_ROOT], keepCase: true, longs: String, enums: String, defaults: true, oneofs: true });
const tally = grpc.loadPackageDefinition(definition).tally;

const channelOptions = {
  'grpc.service_config': SERVICE_CONFIG, // retry on UNAVAILABLE, 10 s deadline for unary calls
  'grpc.keepalive_time_ms': 30000,
  'grpc.keepalive_permit_without_calls': 1,
};

function usageClient() {
  return new tally.usage.v1.UsageService(USAGE_TARGET, grpc.credentials.createInsecure(), channelOptions);
}

function walletClient() {
  return new tally.wallet.v1.WalletService(WALLET_TARGET, grpc.credentials.createInsecure(), channelOptions);
}

function invoiceClient() {
  return new tally.invoice.v1.InvoiceService(INVOICE_TARGET, grpc.credentials.createInsecure(), channelOptions);
}

/** `authorization: Bearer $TALLY_API_KEY` when the variable is set (API keys: issue 12). */
function metadata() {
  const md = new grpc.Metadata();
  if (process.env.TALLY_API_KEY) md.set('authorization', `Bearer ${process.env.TALLY_API_KEY}`);
  return md;
}

// The three google.rpc messages an error carries (field numbers as in googleapis'
// google/rpc/status.proto and error_details.proto).
const rpc = protobuf.Root.fromJSON(protobuf.common.get('google/protobuf/any.proto'));
protobuf.parse(`
  syntax = "proto3";
  package google.rpc;
  message Status { int32 code = 1; string message = 2; repeated google.protobuf.Any details = 3; }
  message ErrorInfo { string reason = 1; string domain = 2; map<string, string> metadata = 3; }
  message BadRequest {
    message FieldViolation { string field = 1; string description = 2; string reason = 3; }
    repeated FieldViolation field_violations = 1;
  }`, rpc, { keepCase: true });
const Status = rpc.lookupType('google.rpc.Status');
const ErrorInfo = rpc.lookupType('google.rpc.ErrorInfo');
const BadRequest = rpc.lookupType('google.rpc.BadRequest');

/** { info: ErrorInfo | null, violations: [FieldViolation] } from the grpc-status-details-bin trailer. */
function errorDetails(error) {
  const result = { info: null, violations: [] };
  const [bin] = error.metadata ? error.metadata.get('grpc-status-details-bin') : [];
  if (!bin) return result;
  for (const any of Status.decode(bin).details) {
    if (any.type_url.endsWith('/google.rpc.ErrorInfo')) result.info = ErrorInfo.toObject(ErrorInfo.decode(any.value));
    if (any.type_url.endsWith('/google.rpc.BadRequest')) {
      result.violations.push(...BadRequest.toObject(BadRequest.decode(any.value), { arrays: true }).field_violations);
    }
  }
  return result;
}

/** Promise of a unary call's response. */
function call(client, method, request, deadlineSeconds = 5) {
  return new Promise((resolve, reject) => client[method](request, metadata(),
    { deadline: new Date(Date.now() + deadlineSeconds * 1000) }, (err, res) => (err ? reject(err) : resolve(res))));
}

module.exports = {
  grpc, usageClient, walletClient, invoiceClient, metadata, errorDetails, call, USAGE_TARGET, WALLET_TARGET, INVOICE_TARGET,
};
