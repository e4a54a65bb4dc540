// Package tallyclient is what every Go example shares: a connection configured like every Tally
// client should be (the shipped service config, keepalive), the API key, and an error's details.
package tallyclient

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc"
	"google.golang.org/grpc/keepalive"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
)

// Target returns the gRPC target in the environment variable, or the local default.
func Target(envVar, local string) string {
	if t := os.Getenv(envVar); t != "" {
		return t
	}
	return local
}

// UsageTarget, WalletTarget and InvoiceTarget are where the services are (e.g. dns:///tally-usage:8083).
var (
	UsageTarget   = Target("TALLY_USAGE_TARGET", "localhost:8083")
	WalletTarget  = Target("TALLY_WALLET_TARGET", "localhost:8082")
	InvoiceTarget = Target("TALLY_INVOICE_TARGET", "localhost:8084")
)

// serviceConfig reads proto/grpc-service-config.json (retry on UNAVAILABLE, deadlines); its path
// can be given in TALLY_SERVICE_CONFIG, else it is found relative to this source file.
func serviceConfig() string {
	path := os.Getenv("TALLY_SERVICE_CONFIG")
	if path == "" {
		_, self, _, _ := runtime.Caller(0)
		dir, err := filepath.EvalSymlinks(filepath.Dir(self)) // examples/go/tallyclient, also when linked into a GOPATH
		if err != nil {
			dir = filepath.Dir(self)
		}
		path = filepath.Join(dir, "..", "..", "..", "proto", "grpc-service-config.json")
	}
	config, err := os.ReadFile(path)
	if err != nil {
		panic("cannot read the service config (set TALLY_SERVICE_CONFIG): " + err.Error())
	}
	return string(config)
}

// Dial connects with the service config and keepalive. (Plaintext: for TLS use
// grpc.WithTransportCredentials instead of grpc.WithInsecure.)
func Dial(target string) (*grpc.ClientConn, error) {
	return grpc.Dial(target,
		grpc.WithInsecure(),
		grpc.WithDefaultServiceConfig(serviceConfig()),
		grpc.WithKeepaliveParams(keepalive.ClientParameters{Time: 30 * time.Second, PermitWithoutStream: true}),
		grpc.WithDefaultCallOptions(grpc.ForceCodec(protoCodec{})))
}

// Context adds `authorization: Bearer $TALLY_API_KEY` when the variable is set (API keys: issue 12).
func Context(ctx context.Context) context.Context {
	if key := os.Getenv("TALLY_API_KEY"); key != "" {
		return metadata.AppendToOutgoingContext(ctx, "authorization", "Bearer "+key)
	}
	return ctx
}

// ErrorDetails returns the ErrorInfo (nil if none) and the field violations of a gRPC error,
// decoded from its grpc-status-details-bin trailer.
func ErrorDetails(err error) (*errdetails.ErrorInfo, []*errdetails.BadRequest_FieldViolation) {
	var info *errdetails.ErrorInfo
	var violations []*errdetails.BadRequest_FieldViolation
	for _, detail := range status.Convert(err).Details() {
		switch d := detail.(type) {
		case *errdetails.ErrorInfo:
			info = d
		case *errdetails.BadRequest:
			violations = append(violations, d.GetFieldViolations()...)
		}
	}
	return info, violations
}
