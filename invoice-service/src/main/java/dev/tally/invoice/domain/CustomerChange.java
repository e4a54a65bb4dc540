package dev.tally.invoice.domain;

import java.util.Map;

/** A validated UpdateCustomer: the fields named in the mask, the others null. */
public record CustomerChange(String customerId, String displayName, String email, Map<String, String> metadata) {}
