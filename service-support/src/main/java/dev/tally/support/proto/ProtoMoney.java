package dev.tally.support.proto;

import dev.tally.shared.money.Money;
import dev.tally.support.error.Violations;
import java.math.BigDecimal;

/**
 * {@code tally.common.v1.Money} fields ({@code amount} decimal text + {@code currency_code}) to
 * {@link Money}. Takes the two strings rather than the generated message, so service-support does
 * not depend on the generated contract classes (each service generates its own):
 * <pre>{@code
 * Money amount = ProtoMoney.positive(violations, "amount", request.hasAmount(),
 *         request.getAmount().getAmount(), request.getAmount().getCurrencyCode());
 * }</pre>
 * Violations name the sub-field: {@code amount} (missing), {@code amount.amount},
 * {@code amount.currency_code}.
 */
public final class ProtoMoney {

    private ProtoMoney() {}

    /** A required amount of any sign; null with violations when missing or malformed. */
    public static Money required(
            Violations violations, String field, boolean present, String amount, String currencyCode) {
        if (!present) {
            violations.add(field, "must be set");
            return null;
        }
        BigDecimal value = Decimals.required(violations, field + ".amount", amount);
        String unit = unit(violations, field + ".currency_code", currencyCode, true);
        return value != null && unit != null ? new Money(value, unit) : null;
    }

    /** A required amount greater than zero. */
    public static Money positive(
            Violations violations, String field, boolean present, String amount, String currencyCode) {
        Money money = required(violations, field, present, amount, currencyCode);
        if (money != null && !money.isPositive()) {
            violations.add(field + ".amount", "must be greater than 0");
            return null;
        }
        return money;
    }

    /**
     * A unit: {@code CREDITS} or an ISO 4217 code.
     *
     * @return null when empty and optional, or invalid (with a violation)
     */
    public static String unit(Violations violations, String field, String code, boolean required) {
        if (code == null || code.isEmpty()) {
            violations.check(required, field, "must be set");
            return null;
        }
        if (!Money.isValidUnit(code)) {
            violations.add(
                    field,
                    "must be CREDITS or an ISO 4217 currency code such as USD, got '" + Decimals.echo(code) + "'");
            return null;
        }
        return code;
    }
}
