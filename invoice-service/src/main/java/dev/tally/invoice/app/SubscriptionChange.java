package dev.tally.invoice.app;

import dev.tally.invoice.domain.Invoice;
import dev.tally.invoice.domain.Subscription;
import dev.tally.shared.money.Money;
import java.util.List;

/**
 * What a subscription call did: the subscription after it, the invoice it wrote (the opening
 * invoice of a new subscription, the DRAFT closing an interrupted period; null when none), and the
 * never-expiring wallet balances kept across a change of consumption model (empty otherwise).
 */
public record SubscriptionChange(Subscription subscription, Invoice invoice, List<Money> keptBalances) {}
