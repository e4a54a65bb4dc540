package dev.tally.wallet.grpc;

import dev.tally.common.v1.TimeRange;
import dev.tally.shared.money.Money;
import dev.tally.shared.plan.Period;
import dev.tally.support.error.Violations;
import dev.tally.support.proto.ProtoMoney;
import dev.tally.support.proto.ProtoTime;
import dev.tally.wallet.domain.ExpireCommand;
import dev.tally.wallet.domain.GrantCommand;
import dev.tally.wallet.domain.GrantSource;
import dev.tally.wallet.domain.OperationKind;
import dev.tally.wallet.v1.ExpireGrantsRequest;
import dev.tally.wallet.v1.GrantCreditsRequest;
import dev.tally.wallet.v1.TopUpRequest;
import java.time.Duration;
import java.time.Instant;

/**
 * Grant requests (TopUp, GrantCredits, ExpireGrants) to domain commands: every field checked, all
 * bad fields reported at once.
 */
final class GrantRequests {

    private GrantRequests() {}

    static GrantCommand topUp(TopUpRequest request) {
        Violations violations = new Violations();
        String customerId = Fields.customerId(violations, request.getCustomerId());
        Money amount = Fields.positiveAmount(violations, "amount", request.hasAmount(), request.getAmount());
        if (amount != null && Money.CREDITS.equals(amount.currency())) {
            violations.add("amount.currency_code", "must be an ISO 4217 currency: credits are granted, not topped up");
        }
        String key = Fields.idempotencyKey(violations, request.getIdempotencyKey());
        String reference = Fields.text(violations, request.getReference(), Fields.MAX_REFERENCE_LENGTH, "reference");
        String description =
                Fields.text(violations, request.getDescription(), Fields.MAX_DESCRIPTION_LENGTH, "description");
        violations.throwIfAny();
        return new GrantCommand(
                OperationKind.TOP_UP,
                customerId,
                amount,
                GrantSource.TOP_UP,
                null,
                null,
                0,
                null,
                null,
                reference,
                description,
                key,
                Duration.ZERO);
    }

    /** @param lateLimit how far in the past expire_time may be (tally.wallet.grant.late-limit) */
    static GrantCommand grantCredits(GrantCreditsRequest request, Duration lateLimit) {
        Violations violations = new Violations();
        String customerId = Fields.customerId(violations, request.getCustomerId());
        Money amount = Fields.positiveAmount(violations, "amount", request.hasAmount(), request.getAmount());
        GrantSource source = grantSource(request.getSource());
        violations.check(source == null, "source", "must be set");
        violations.check(source == GrantSource.REFUND, "source", "REFUND grants are made by ReverseDebit only");
        Instant effective = ProtoTime.optional(
                violations, "effective_time", request.hasEffectiveTime(), request.getEffectiveTime());
        Instant expire =
                ProtoTime.optional(violations, "expire_time", request.hasExpireTime(), request.getExpireTime());
        String period =
                Fields.text(violations, request.getPeriodReference(), Fields.MAX_REFERENCE_LENGTH, "period_reference");
        Period periodTimes = request.hasPeriod() ? period(violations, request.getPeriod()) : null;
        String reference = Fields.text(violations, request.getReference(), Fields.MAX_REFERENCE_LENGTH, "reference");
        String description =
                Fields.text(violations, request.getDescription(), Fields.MAX_DESCRIPTION_LENGTH, "description");
        String key = Fields.idempotencyKey(violations, request.getIdempotencyKey());
        violations.throwIfAny();
        return new GrantCommand(
                OperationKind.GRANT_CREDITS,
                customerId,
                amount,
                source,
                effective,
                expire,
                request.getPriority(),
                period,
                periodTimes,
                reference,
                description,
                key,
                lateLimit);
    }

    static ExpireCommand expireGrants(ExpireGrantsRequest request) {
        Violations violations = new Violations();
        String customerId = Fields.customerId(violations, request.getCustomerId());
        String unit = ProtoMoney.unit(violations, "currency_code", request.getCurrencyCode(), true);
        Instant asOf = ProtoTime.required(violations, "expire_time", request.hasExpireTime(), request.getExpireTime());
        GrantSource source = grantSource(request.getSource());
        violations.check(source == null && request.getSourceValue() != 0, "source", "unknown grant source");
        String period =
                Fields.text(violations, request.getPeriodReference(), Fields.MAX_REFERENCE_LENGTH, "period_reference");
        String key = Fields.idempotencyKey(violations, request.getIdempotencyKey());
        violations.throwIfAny();
        return new ExpireCommand(customerId, unit, asOf, source, period, key);
    }

    /** A grant's period: both bounds set, the end after the start; null with violations otherwise. */
    private static Period period(Violations violations, TimeRange range) {
        Instant start = ProtoTime.required(violations, "period.start_time", range.hasStartTime(), range.getStartTime());
        Instant end = ProtoTime.required(violations, "period.end_time", range.hasEndTime(), range.getEndTime());
        if (start == null || end == null) {
            return null;
        }
        if (!end.isAfter(start)) {
            violations.add("period.end_time", "must be after period.start_time");
            return null;
        }
        return new Period(start, end);
    }

    /** @return null for UNSPECIFIED or an unknown value */
    static GrantSource grantSource(dev.tally.wallet.v1.GrantSource source) {
        return switch (source) {
            case GRANT_SOURCE_SUBSCRIPTION -> GrantSource.SUBSCRIPTION;
            case GRANT_SOURCE_PACK -> GrantSource.PACK;
            case GRANT_SOURCE_TOP_UP -> GrantSource.TOP_UP;
            case GRANT_SOURCE_PROMO -> GrantSource.PROMO;
            case GRANT_SOURCE_PERIOD_BALANCE -> GrantSource.PERIOD_BALANCE;
            case GRANT_SOURCE_REFUND -> GrantSource.REFUND;
            case GRANT_SOURCE_UNSPECIFIED, UNRECOGNIZED -> null;
        };
    }
}
