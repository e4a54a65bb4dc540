package dev.tally.wallet.grpc;

import dev.tally.shared.money.Money;
import dev.tally.support.error.Violations;
import dev.tally.support.idempotency.RequestKey;
import dev.tally.support.proto.Identifiers;
import dev.tally.support.proto.ProtoMoney;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Checks of request fields shared by the wallet's RPCs, on top of service-support's proto kit
 * ({@link Identifiers}, {@link RequestKey#check}, {@link ProtoMoney}, {@code ProtoTime}): what the
 * kit has no rule for (free text, metadata, ids this service issued, amounts of zero or more). Each
 * failed check adds a field violation named by the field's path in the request (or batch item),
 * e.g. {@code amount.amount}, and returns null.
 */
final class Fields {

    static final int MAX_REFERENCE_LENGTH = 256;
    static final int MAX_DESCRIPTION_LENGTH = 1024;
    static final int MAX_METADATA_PAIRS = 16;
    static final int MAX_METADATA_KEY_LENGTH = 64;
    static final int MAX_METADATA_VALUE_LENGTH = 256;

    private Fields() {}

    static String customerId(Violations violations, String value) {
        return Identifiers.required(violations, "customer_id", value);
    }

    static String idempotencyKey(Violations violations, String value) {
        return RequestKey.check(violations, RequestKey.FIELD, value);
    }

    /** A required amount greater than zero, in a known unit. */
    static Money positiveAmount(Violations violations, String field, boolean present, dev.tally.common.v1.Money value) {
        return ProtoMoney.positive(violations, field, present, value.getAmount(), value.getCurrencyCode());
    }

    /** A required amount of zero or more, in a known unit (the kit has positive and any sign only). */
    static Money nonNegativeAmount(
            Violations violations, String field, boolean present, dev.tally.common.v1.Money value) {
        Money amount = amount(violations, field, present, value);
        if (amount != null && amount.isNegative()) {
            violations.add(field + ".amount", "must not be negative");
            return null;
        }
        return amount;
    }

    /** A required amount of any sign, in a known unit. */
    static Money amount(Violations violations, String field, boolean present, dev.tally.common.v1.Money value) {
        return ProtoMoney.required(violations, field, present, value.getAmount(), value.getCurrencyCode());
    }

    /** Optional free text: null when empty. */
    static String text(Violations violations, String value, int maxLength, String field) {
        violations.check(value.length() > maxLength, field, "must be at most " + maxLength + " characters");
        return value.isEmpty() ? null : value;
    }

    static Map<String, String> metadata(Violations violations, Map<String, String> pairs, String field) {
        violations.check(
                pairs.size() > MAX_METADATA_PAIRS, field, "must have at most " + MAX_METADATA_PAIRS + " pairs");
        pairs.forEach((key, value) -> {
            violations.check(
                    key.isEmpty() || key.length() > MAX_METADATA_KEY_LENGTH,
                    field + "[" + key + "]",
                    "key must be 1-" + MAX_METADATA_KEY_LENGTH + " characters");
            violations.check(
                    value.length() > MAX_METADATA_VALUE_LENGTH,
                    field + "[" + key + "]",
                    "value must be at most " + MAX_METADATA_VALUE_LENGTH + " characters");
        });
        return pairs;
    }

    /** An id this service issued (a UUID in its canonical lower-case form). */
    static UUID id(Violations violations, String value, String field) {
        if (value.isEmpty()) {
            violations.add(field, "must be set");
            return null;
        }
        try {
            UUID id = UUID.fromString(value);
            if (id.toString().equals(value.toLowerCase(Locale.ROOT))) {
                return id;
            }
        } catch (IllegalArgumentException notAnId) {
            // reported below
        }
        violations.add(field, "must be an id issued by this service, got '" + value + "'");
        return null;
    }
}
