// Command track tracks one token event (anthropic/claude-sonnet-4.6) and prints its charge and
// what remains.
//
//	track [customer_id] [feature_code]      (defaults: demo-balance ai_chat)
package main

import (
	"context"
	"fmt"
	"log"
	"os"
	"time"

	commonv1 "github.com/tally-dev/tally/gen/go/tally/common/v1"
	usagev1 "github.com/tally-dev/tally/gen/go/tally/usage/v1"
	"github.com/tally-dev/tally/examples/go/tallyclient"
)

func main() {
	customer, feature := arg(1, "demo-balance"), arg(2, "ai_chat")
	conn, err := tallyclient.Dial(tallyclient.UsageTarget)
	if err != nil {
		log.Fatal(err)
	}
	defer conn.Close()
	ctx, cancel := context.WithTimeout(tallyclient.Context(context.Background()), 5*time.Second)
	defer cancel()

	res, err := usagev1.NewUsageServiceClient(conn).Track(ctx, &usagev1.TrackRequest{
		CustomerId:     customer,
		FeatureCode:    feature,
		IdempotencyKey: fmt.Sprintf("example-go-%d", time.Now().UnixNano()), // in production: your LLM request id
		Quantity: &usagev1.TrackRequest_TokenUsage{TokenUsage: &usagev1.TokenUsage{
			Model:  "anthropic/claude-sonnet-4.6",
			Tokens: &commonv1.TokenCounts{InputTokens: 1200, OutputTokens: 350, CacheReadTokens: 4000},
		}},
	})
	if err != nil {
		log.Fatal(err)
	}
	charge, cost := res.GetCharge(), res.GetTokenCost().GetProviderCost()
	fmt.Printf("event %s for %s: %s tokens, provider cost %s %s\n", res.GetEventId(), customer, charge.GetUnits(),
		cost.GetAmount(), cost.GetCurrencyCode())
	switch c := charge.GetConsumptionModel().(type) {
	case *usagev1.Charge_Balance:
		b := c.Balance
		fmt.Printf("charged %s %s (cost %s + margin %s at %s)\n", b.GetAmount().GetAmount(), b.GetAmount().GetCurrencyCode(),
			b.GetCost().GetAmount(), b.GetMarginAmount().GetAmount(), b.GetMargin())
	case *usagev1.Charge_Credits:
		fmt.Printf("charged %s CREDITS\n", c.Credits.GetAmount().GetAmount())
	case *usagev1.Charge_Metered:
		fmt.Printf("metered: %s included, %s overage\n", c.Metered.GetIncludedUnits(), c.Metered.GetOverageUnits())
	}
	switch r := res.GetRemaining().GetConsumptionModel().(type) {
	case *usagev1.Remaining_Metered:
		fmt.Printf("remaining: %s included tokens\n", r.Metered.GetIncludedUnitsLeft())
	case *usagev1.Remaining_Balance:
		fmt.Printf("remaining balance: %s %s\n", r.Balance.GetAvailable().GetAmount(), r.Balance.GetAvailable().GetCurrencyCode())
	case *usagev1.Remaining_Credits:
		fmt.Printf("remaining balance: %s %s\n", r.Credits.GetAvailable().GetAmount(), r.Credits.GetAvailable().GetCurrencyCode())
	}
}

func arg(i int, fallback string) string {
	if len(os.Args) > i {
		return os.Args[i]
	}
	return fallback
}
