package dev.tally.system;

import static dev.tally.system.Billing.amount;

import dev.tally.invoice.v1.Invoice;
import dev.tally.invoice.v1.InvoiceKind;
import dev.tally.invoice.v1.InvoiceStatus;
import dev.tally.invoice.v1.ListInvoicesRequest;
import dev.tally.invoice.v1.Subscription;
import dev.tally.wallet.v1.Balance;
import dev.tally.wallet.v1.Grant;
import dev.tally.wallet.v1.GrantSource;
import dev.tally.wallet.v1.ListTransactionsRequest;
import dev.tally.wallet.v1.ListTransactionsResponse;
import dev.tally.wallet.v1.TransactionType;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Reading a customer's wallet and invoices back, waiting where the system works asynchronously. */
final class Accounts {

    static final String USD = "USD";
    static final String CREDITS = "CREDITS";
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final SystemClients clients;
    private final Billing billing;

    Accounts(SystemClients clients, Billing billing) {
        this.clients = clients;
        this.billing = billing;
    }

    /** A new customer on the $50 BALANCE plan, once the period's $50 are in the wallet. */
    String fundedBalanceCustomer() {
        String customer = billing.subscribedCustomer(billing.balancePlan("50"));
        awaitAvailable(customer, USD, "50");
        return customer;
    }

    void awaitAvailable(String customer, String unit, String amount) {
        SystemUnderTest.eventually(customer + " has " + amount + " " + unit + " available", WAIT)
                .until(
                        () -> billing.balance(customer, unit),
                        b -> amount(b.getAvailable()).compareTo(new BigDecimal(amount)) == 0);
    }

    /**
     * Debits in the customer's wallet ledger (all pages, alternating replicas); retried as a client
     * retries, since after a crash a replica may answer UNAVAILABLE for a while.
     */
    int debits(String customer, String unit) {
        return SystemUnderTest.eventually("the debits of " + customer, WAIT)
                .until(() -> countDebits(customer, unit), n -> true);
    }

    private int countDebits(String customer, String unit) {
        int count = 0;
        String page = "";
        do {
            ListTransactionsResponse response = clients.wallet(billing.next())
                    .listTransactions(ListTransactionsRequest.newBuilder()
                            .setCustomerId(customer)
                            .setCurrencyCode(unit)
                            .addTypes(TransactionType.TRANSACTION_TYPE_DEBIT)
                            .setPageSize(500)
                            .setPageToken(page)
                            .build());
            count += response.getTransactionsCount();
            page = response.getNextPageToken();
        } while (!page.isEmpty());
        return count;
    }

    /** What is left of a grant: the subscription's grant of period {@code index}, or the pack. */
    static BigDecimal remaining(Balance balance, GrantSource source, Subscription sub, int index) {
        return balance.getGrantsList().stream()
                .filter(g -> g.getSource() == source)
                .filter(g -> sub == null || g.getPeriodReference().equals(sub.getSubscriptionId() + "/" + index))
                .map(Grant::getRemainingAmount)
                .map(Billing::amount)
                .reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    /** The FINALIZED invoice of the customer's period that starts at {@code periodStart}, once it exists. */
    Invoice closingInvoice(String customer, Instant periodStart) {
        return SystemUnderTest.eventually(
                        "the invoice closing the period that ended at " + periodStart, WAIT.plus(SystemUnderTest.GRACE))
                .until(
                        () -> clients
                                .invoice(billing.next())
                                .listInvoices(ListInvoicesRequest.newBuilder()
                                        .setCustomerId(customer)
                                        .setKind(InvoiceKind.INVOICE_KIND_PERIOD)
                                        .setStatus(InvoiceStatus.INVOICE_STATUS_FINALIZED)
                                        .build())
                                .getInvoicesList()
                                .stream()
                                .filter(i -> Billing.instant(i.getPeriod().getStartTime())
                                        .equals(periodStart))
                                .findFirst()
                                .orElse(null),
                        i -> i != null);
    }

    /** "TYPE amount" per line; amounts as the contract writes them (at the currency's scale: 29.00, 0.92). */
    static List<String> lines(Invoice invoice) {
        return invoice.getLinesList().stream()
                .map(l -> l.getLineType() + " " + l.getAmount().getAmount())
                .toList();
    }

    /** The invoice rounding rule: HALF_UP to cents, written at that scale (two decimals, as invoices are). */
    static String rounded(BigDecimal amount) {
        return amount.setScale(2, java.math.RoundingMode.HALF_UP).toPlainString();
    }
}
