// Command errors reads an error's reason (google.rpc.ErrorInfo) and field violations
// (google.rpc.BadRequest). It sends two bad Track calls: one with malformed fields
// (INVALID_ARGUMENT, VALIDATION_FAILED, a violation per field) and one with an unknown model
// (NOT_FOUND, MODEL_NOT_FOUND, suggestions).
package main

import (
	"context"
	"fmt"
	"log"
	"time"

	"google.golang.org/grpc/status"

	commonv1 "github.com/tally-dev/tally/gen/go/tally/common/v1"
	usagev1 "github.com/tally-dev/tally/gen/go/tally/usage/v1"
	"github.com/tally-dev/tally/examples/go/tallyclient"
)

func tokens(model string, input int64) *usagev1.TrackRequest_TokenUsage {
	return &usagev1.TrackRequest_TokenUsage{TokenUsage: &usagev1.TokenUsage{
		Model: model, Tokens: &commonv1.TokenCounts{InputTokens: input}}}
}

func main() {
	conn, err := tallyclient.Dial(tallyclient.UsageTarget)
	if err != nil {
		log.Fatal(err)
	}
	defer conn.Close()
	usage := usagev1.NewUsageServiceClient(conn)
	bad := []struct {
		name    string
		request *usagev1.TrackRequest
	}{
		{"malformed", &usagev1.TrackRequest{CustomerId: "demo-balance", FeatureCode: "ai_chat",
			Quantity: tokens("anthropic/claude-sonnet-4.6", -5)}},
		{"unknown model", &usagev1.TrackRequest{CustomerId: "demo-balance", FeatureCode: "ai_chat",
			IdempotencyKey: fmt.Sprintf("example-go-%d", time.Now().UnixNano()),
			Quantity:       tokens("anthropic/claude-sonet-4.6", 10)}},
	}
	for _, b := range bad {
		ctx, cancel := context.WithTimeout(tallyclient.Context(context.Background()), 5*time.Second)
		_, err := usage.Track(ctx, b.request)
		cancel()
		if err == nil {
			fmt.Printf("%s: unexpectedly accepted\n", b.name)
			continue
		}
		st := status.Convert(err)
		fmt.Printf("%s: %s: %s\n", b.name, codeName(st.Code().String()), st.Message())
		info, violations := tallyclient.ErrorDetails(err)
		if info != nil {
			fmt.Printf("  reason %s (domain %s) metadata %v\n", info.GetReason(), info.GetDomain(), info.GetMetadata())
		}
		for _, v := range violations {
			fmt.Printf("  field %s: %s\n", v.GetField(), v.GetDescription())
		}
	}
}

// codeName turns grpc-go's "InvalidArgument" into the protocol's INVALID_ARGUMENT.
func codeName(camel string) string {
	out := []byte{}
	for i, c := range []byte(camel) {
		if c >= 'A' && c <= 'Z' {
			if i > 0 {
				out = append(out, '_')
			}
		} else {
			c -= 'a' - 'A'
		}
		out = append(out, c)
	}
	return string(out)
}
