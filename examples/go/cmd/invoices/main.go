// Command invoices prints a customer's open billing period, the wallet grants made for it and the
// invoices that bill it, with their amounts as the invoice states them (at the currency's scale:
// "50.00").
//
//	invoices [customer_id]      (default: demo-balance)
package main

import (
	"context"
	"fmt"
	"log"
	"os"
	"strings"
	"time"

	"github.com/tally-dev/tally/examples/go/tallyclient"
	commonv1 "github.com/tally-dev/tally/gen/go/tally/common/v1"
	invoicev1 "github.com/tally-dev/tally/gen/go/tally/invoice/v1"
	walletv1 "github.com/tally-dev/tally/gen/go/tally/wallet/v1"
)

func span(r *commonv1.TimeRange) string {
	if r == nil {
		return "none"
	}
	f := func(t interface{ AsTime() time.Time }) string { return t.AsTime().UTC().Format("2006-01-02T15:04:05Z") }
	return f(r.GetStartTime()) + ".." + f(r.GetEndTime())
}

func main() {
	customer := "demo-balance"
	if len(os.Args) > 1 {
		customer = os.Args[1]
	}
	iconn, err := tallyclient.Dial(tallyclient.InvoiceTarget)
	if err != nil {
		log.Fatal(err)
	}
	defer iconn.Close()
	wconn, err := tallyclient.Dial(tallyclient.WalletTarget)
	if err != nil {
		log.Fatal(err)
	}
	defer wconn.Close()
	invoice := invoicev1.NewInvoiceServiceClient(iconn)
	wallet := walletv1.NewWalletServiceClient(wconn)
	ctx, cancel := context.WithTimeout(tallyclient.Context(context.Background()), 15*time.Second)
	defer cancel()

	subs, err := invoice.ListSubscriptions(ctx, &invoicev1.ListSubscriptionsRequest{
		CustomerId: customer, Status: invoicev1.SubscriptionStatus_SUBSCRIPTION_STATUS_ACTIVE})
	if err != nil {
		log.Fatal(err)
	}
	sub := subs.GetSubscriptions()[0]
	fmt.Printf("subscription %s: period %s %s\n",
		sub.GetSubscriptionId(), sub.GetCurrentPeriodReference(), span(sub.GetCurrentPeriod()))

	// the period's grants carry its reference and its bounds: no string to parse
	balance, err := wallet.GetBalance(ctx, &walletv1.GetBalanceRequest{
		CustomerId: customer, View: walletv1.BalanceView_BALANCE_VIEW_FULL})
	if err != nil {
		log.Fatal(err)
	}
	for _, b := range balance.GetBalances() {
		for _, g := range b.GetGrants() {
			if g.GetPeriodReference() == sub.GetCurrentPeriodReference() {
				fmt.Printf("grant %s %s %s left, period %s %s\n",
					strings.TrimPrefix(g.GetSource().String(), "GRANT_SOURCE_"), g.GetRemainingAmount().GetAmount(),
					g.GetRemainingAmount().GetCurrencyCode(), g.GetPeriodReference(), span(g.GetPeriod()))
			}
		}
	}

	// every invoice with a line billing this period: its base in advance, purchases made in it,
	// and (after it closes) the renewal invoice carrying its usage
	list, err := invoice.ListInvoices(ctx, &invoicev1.ListInvoicesRequest{
		CustomerId: customer, Period: sub.GetCurrentPeriod()})
	if err != nil {
		log.Fatal(err)
	}
	for _, inv := range list.GetInvoices() {
		name := inv.GetInvoiceNumber()
		if name == "" {
			name = inv.GetInvoiceId()
		}
		fmt.Printf("invoice %s %s %s: total %s %s\n", name,
			strings.TrimPrefix(inv.GetKind().String(), "INVOICE_KIND_"),
			strings.TrimPrefix(inv.GetStatus().String(), "INVOICE_STATUS_"),
			inv.GetTotal().GetAmount(), inv.GetTotal().GetCurrencyCode())
		for _, l := range inv.GetLines() {
			fmt.Printf("  line %s %s (%s x %s) service %s\n",
				strings.TrimPrefix(l.GetLineType().String(), "INVOICE_LINE_TYPE_"), l.GetAmount().GetAmount(),
				l.GetQuantity(), l.GetUnitPrice().GetAmount(), span(l.GetServicePeriod()))
		}
	}
}
