package dev.tally.invoice.store;

import java.time.Instant;

/** A committed change that invalidates a customer's cached entitlements. */
public record EntitlementChange(String customerId, String subscriptionId, Instant changeTime) {

    /** One line of a NOTIFY payload: {@code customer \t subscription \t epoch micros}. */
    String line() {
        long micros = Math.addExact(Math.multiplyExact(changeTime.getEpochSecond(), 1_000_000L), changeTime.getNano() / 1000);
        return customerId + "\t" + subscriptionId + "\t" + micros;
    }

    static EntitlementChange parse(String line) {
        String[] parts = line.split("\t", -1);
        if (parts.length != 3) {
            return null;
        }
        long micros = Long.parseLong(parts[2]);
        return new EntitlementChange(parts[0], parts[1],
                Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000));
    }
}
