package dev.tally.usage.bench;

import dev.tally.usage.it.UsageSystem;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * After the gRPC phases (outbox drained): what was acknowledged, stored, aggregated and debited must
 * agree. Keys are distinct by construction (phase and event number), so the acknowledged count is the
 * count of distinct acknowledged keys.
 */
final class Reconciliation {

    private static final String BENCH = " customer_id LIKE 'bench-%'";

    /** The report lines and the disagreements (empty when everything reconciles). */
    record Outcome(List<String> lines, List<String> failures) {}

    private Reconciliation() {}

    static Outcome check(UsageSystem system, long acknowledged) {
        String usage = system.usageDatabase;
        String wallet = system.walletDatabase;
        long stored = system.usageSql("SELECT count(*) FROM usage_event WHERE" + BENCH);
        long aggregated = Long.parseLong(
                UsageBenchmark.text(usage, "SELECT coalesce(sum(event_count), 0) FROM usage_aggregate WHERE" + BENCH));
        long charged = system.usageSql("SELECT count(*) FROM usage_event WHERE charge_amount > 0 AND" + BENCH);
        long notRequired =
                system.usageSql("SELECT count(*) FROM usage_event WHERE debit_status = 'NOT_REQUIRED' AND" + BENCH);
        long unsettled =
                system.usageSql("SELECT count(*) FROM usage_event WHERE debit_status NOT IN ('APPLIED', 'NOT_REQUIRED')"
                        + " AND" + BENCH);
        long outbox = system.usageSql("SELECT count(*) FROM wallet_outbox");
        long debits = system.walletSql("SELECT count(*) FROM ledger_entry WHERE entry_type = 'DEBIT' AND" + BENCH);
        long debitedEvents = system.walletSql(
                "SELECT count(DISTINCT reference) FROM ledger_entry WHERE entry_type = 'DEBIT' AND" + BENCH);
        BigDecimal charges = new BigDecimal(
                UsageBenchmark.text(usage, "SELECT coalesce(sum(charge_amount), 0) FROM usage_event WHERE" + BENCH));
        BigDecimal debited = new BigDecimal(UsageBenchmark.text(
                wallet, "SELECT coalesce(sum(amount), 0) FROM ledger_entry WHERE entry_type = 'DEBIT' AND" + BENCH));

        List<String> failures = new ArrayList<>();
        expect(failures, "events stored = distinct acknowledged keys", stored, acknowledged);
        expect(failures, "aggregated event count = events stored", aggregated, stored);
        expect(failures, "wallet DEBIT entries = events with a non-zero charge", debits, charged);
        expect(failures, "events debited (distinct references) = DEBIT entries", debitedEvents, debits);
        expect(
                failures,
                "sum of DEBIT entries = sum of charges",
                debited.stripTrailingZeros(),
                charges.stripTrailingZeros());
        expect(failures, "events neither APPLIED nor NOT_REQUIRED", unsettled, 0L);
        expect(failures, "outbox rows", outbox, 0L);
        List<String> lines = new ArrayList<>();
        lines.add(
                "Reconciliation: %,d acknowledged, %,d stored, %,d aggregated; %,d charged (%,d NOT_REQUIRED), %,d wallet"
                                .formatted(acknowledged, stored, aggregated, charged, notRequired, debits)
                        + " debits, %s credits charged = %s debited; %d unsettled; outbox %d: %s"
                                .formatted(
                                        charges.toPlainString(),
                                        debited.toPlainString(),
                                        unsettled,
                                        outbox,
                                        failures.isEmpty() ? "RECONCILED" : "MISMATCH " + failures));
        return new Outcome(lines, failures);
    }

    private static void expect(List<String> failures, String what, Object actual, Object expected) {
        if (!Objects.equals(actual, expected)) {
            failures.add(what + ": " + actual + " != " + expected);
        }
    }
}
