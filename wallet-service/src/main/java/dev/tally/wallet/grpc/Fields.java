package dev.tally.wallet.grpc;

import com.google.protobuf.Timestamp;
import dev.tally.support.error.Violations;
import dev.tally.support.money.Money;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

/**
 * Checks of request fields shared by the RPCs. Each failed check adds a field violation named by
 * the field's path in the request (or batch item), e.g. {@code amount.amount}; a value is returned
 * only when its field is valid (otherwise null, and the caller throws the violations).
 */
final class Fields {

    static final int MAX_ID_LENGTH = 128;
    static final int MAX_REFERENCE_LENGTH = 256;
    static final int MAX_DESCRIPTION_LENGTH = 1024;
    static final int MAX_METADATA_PAIRS = 16;
    static final int MAX_METADATA_KEY_LENGTH = 64;
    static final int MAX_METADATA_VALUE_LENGTH = 256;
    /** 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z. */
    private static final long MIN_SECONDS = -62_135_596_800L;
    private static final long MAX_SECONDS = 253_402_300_799L;

    private Fields() {
    }

    static String customerId(Violations violations, String value) {
        return identifier(violations, value, "customer_id");
    }

    static String idempotencyKey(Violations violations, String value) {
        return identifier(violations, value, "idempotency_key");
    }

    /** A required amount greater than zero, in a known unit. */
    static Money positiveAmount(Violations violations, boolean present, dev.tally.common.v1.Money value, String field) {
        Money amount = amount(violations, present, value, field);
        if (amount != null && amount.amount().signum() <= 0) {
            violations.add(field + ".amount", "must be greater than 0");
            return null;
        }
        return amount;
    }

    /** A required amount of zero or more, in a known unit. */
    static Money nonNegativeAmount(Violations violations, boolean present, dev.tally.common.v1.Money value, String field) {
        Money amount = amount(violations, present, value, field);
        if (amount != null && amount.amount().signum() < 0) {
            violations.add(field + ".amount", "must not be negative");
            return null;
        }
        return amount;
    }

    /** A required amount of any sign, in a known unit. */
    static Money amount(Violations violations, boolean present, dev.tally.common.v1.Money value, String field) {
        if (!present) {
            violations.add(field, "must be set");
            return null;
        }
        boolean decimal = Money.isDecimal(value.getAmount());
        if (!decimal) {
            violations.add(field + ".amount", "must be a plain decimal number such as 12.5, got '" + value.getAmount() + "'");
        }
        String unit = unit(violations, value.getCurrencyCode(), field + ".currency_code", true);
        return decimal && unit != null ? Money.of(value.getAmount(), unit) : null;
    }

    /**
     * A unit: "CREDITS" or an ISO 4217 code.
     *
     * @return null when absent and optional, or invalid
     */
    static String unit(Violations violations, String value, String field, boolean required) {
        if (value.isEmpty()) {
            violations.check(required, field, "must not be empty");
            return null;
        }
        if (!Money.isValidUnit(value)) {
            violations.add(field, "must be CREDITS or an ISO 4217 currency code, got '" + value + "'");
            return null;
        }
        return value;
    }

    /** Optional free text: null when empty. */
    static String text(Violations violations, String value, int maxLength, String field) {
        violations.check(value.length() > maxLength, field, "must be at most " + maxLength + " characters");
        return value.isEmpty() ? null : value;
    }

    static Map<String, String> metadata(Violations violations, Map<String, String> pairs, String field) {
        violations.check(pairs.size() > MAX_METADATA_PAIRS, field, "must have at most " + MAX_METADATA_PAIRS + " pairs");
        pairs.forEach((key, value) -> {
            violations.check(key.isEmpty() || key.length() > MAX_METADATA_KEY_LENGTH, field + "[" + key + "]",
                    "key must be 1-" + MAX_METADATA_KEY_LENGTH + " characters");
            violations.check(value.length() > MAX_METADATA_VALUE_LENGTH, field + "[" + key + "]",
                    "value must be at most " + MAX_METADATA_VALUE_LENGTH + " characters");
        });
        return pairs;
    }

    /** An instant, kept to the microsecond as PostgreSQL stores it. */
    static Instant instant(Timestamp value) {
        return Instant.ofEpochSecond(value.getSeconds(), value.getNanos()).truncatedTo(ChronoUnit.MICROS);
    }

    /**
     * An optional timestamp within 0001-01-01 and 9999-12-31 (the range google.protobuf.Timestamp
     * defines).
     *
     * @return null when absent or invalid
     */
    static Instant time(Violations violations, boolean present, Timestamp value, String field) {
        if (!present) {
            return null;
        }
        boolean valid = value.getSeconds() >= MIN_SECONDS && value.getSeconds() <= MAX_SECONDS
                && value.getNanos() >= 0 && value.getNanos() <= 999_999_999;
        violations.check(!valid, field, "must be a valid timestamp between 0001-01-01 and 9999-12-31");
        return valid ? instant(value) : null;
    }

    /** A required timestamp (see {@link #time}). */
    static Instant requiredTime(Violations violations, boolean present, Timestamp value, String field) {
        violations.check(!present, field, "must be set");
        return time(violations, present, value, field);
    }

    /** An id this service issued (a UUID). */
    static UUID id(Violations violations, String value, String field) {
        if (value.isEmpty()) {
            violations.add(field, "must not be empty");
            return null;
        }
        try {
            UUID id = UUID.fromString(value);
            if (id.toString().equals(value.toLowerCase(java.util.Locale.ROOT))) {
                return id;
            }
        } catch (IllegalArgumentException notAnId) {
            // reported below
        }
        violations.add(field, "must be an id issued by this service, got '" + value + "'");
        return null;
    }

    static BigDecimal orNull(Money money) {
        return money == null ? null : money.amount();
    }

    private static String identifier(Violations violations, String value, String field) {
        if (value.isBlank()) {
            violations.add(field, "must not be empty");
            return null;
        }
        if (value.length() > MAX_ID_LENGTH || value.chars().anyMatch(Character::isISOControl)) {
            violations.add(field, "must be 1-" + MAX_ID_LENGTH + " characters without control characters");
            return null;
        }
        return value;
    }
}
