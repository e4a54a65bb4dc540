package dev.tally.support.proto;

import dev.tally.support.error.Violations;

/**
 * Client-chosen identifiers ({@code customer_id}, {@code idempotency_key}, references): 1 to
 * {@value #MAX_LENGTH} characters (Unicode code points, as PostgreSQL's {@code length()} counts),
 * no control characters. The same rule everywhere, so a key valid for one service is valid for all.
 */
public final class Identifiers {

    public static final int MAX_LENGTH = 128;

    private Identifiers() {}

    /** The value, or null with a violation when it breaks the rule or is empty. */
    public static String required(Violations violations, String field, String value) {
        if (value == null || value.isEmpty()) {
            violations.add(field, "must be set");
            return null;
        }
        return optional(violations, field, value);
    }

    /** Null when empty; the value, or null with a violation when it breaks the rule. */
    public static String optional(Violations violations, String field, String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        if (value.codePointCount(0, value.length()) > MAX_LENGTH) {
            violations.add(field, "must be at most " + MAX_LENGTH + " characters");
            return null;
        }
        if (value.codePoints().anyMatch(Character::isISOControl)) {
            violations.add(field, "must not contain control characters");
            return null;
        }
        return value;
    }

    /** True when {@code value} follows the rule. */
    public static boolean isValid(String value) {
        return required(new Violations(), "", value) != null;
    }
}
