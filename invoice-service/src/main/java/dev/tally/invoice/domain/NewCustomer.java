package dev.tally.invoice.domain;

import java.util.Map;

/**
 * A validated customer as CreateCustomer received it.
 *
 * @param customerId null: generate one
 */
public record NewCustomer(
        String customerId, String displayName, String email, String currency, Map<String, String> metadata) {}
