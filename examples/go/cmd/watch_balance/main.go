// Command watch_balance streams a customer's balance (WatchBalance) and prints every change.
//
//	watch_balance [customer_id] [max_events]     (defaults: demo-balance, unlimited)
package main

import (
	"context"
	"fmt"
	"log"
	"os"
	"strconv"
	"strings"

	walletv1 "github.com/tally-dev/tally/gen/go/tally/wallet/v1"
	"github.com/tally-dev/tally/examples/go/tallyclient"
)

func main() {
	customer, maxEvents := "demo-balance", 0
	if len(os.Args) > 1 {
		customer = os.Args[1]
	}
	if len(os.Args) > 2 {
		maxEvents, _ = strconv.Atoi(os.Args[2])
	}
	conn, err := tallyclient.Dial(tallyclient.WalletTarget)
	if err != nil {
		log.Fatal(err)
	}
	defer conn.Close()
	// a stream has no deadline: it ends with UNAVAILABLE when the replica stops; reopen it then
	ctx, cancel := context.WithCancel(tallyclient.Context(context.Background()))
	defer cancel()
	stream, err := walletv1.NewWalletServiceClient(conn).WatchBalance(ctx, &walletv1.WatchBalanceRequest{CustomerId: customer})
	if err != nil {
		log.Fatal(err)
	}
	for seen := 1; maxEvents == 0 || seen <= maxEvents; seen++ {
		event, err := stream.Recv()
		if err != nil {
			log.Fatal(err)
		}
		b := event.GetBalance()
		fmt.Printf("%s %s %s: available %s (version %d, %d transactions)\n",
			strings.TrimPrefix(event.GetKind().String(), "BALANCE_EVENT_KIND_"), customer, b.GetCurrencyCode(),
			b.GetAvailable().GetAmount(), b.GetVersion(), len(event.GetTransactions()))
	}
}
