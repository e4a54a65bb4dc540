package dev.tally.invoice.domain;

/**
 * Invoice numbers: {@code <prefix>-<year>-<sequence>}, the sequence gap-free within a year and at
 * least six digits, e.g. {@code TALLY-2026-000001}. The sequence comes from a counter row per year
 * updated in the finalizing transaction (not a database sequence, which leaves gaps on rollback).
 */
public final class InvoiceNumbers {

    private InvoiceNumbers() {}

    public static String format(String prefix, int year, long sequence) {
        if (sequence < 1) {
            throw new IllegalArgumentException("sequences start at 1: " + sequence);
        }
        return prefix + "-" + year + "-" + String.format("%06d", sequence);
    }
}
