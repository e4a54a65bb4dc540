package dev.tally.wallet.grpc;

import dev.tally.shared.money.Money;
import dev.tally.support.error.Violations;
import dev.tally.support.proto.ProtoTime;
import dev.tally.wallet.domain.CaptureCommand;
import dev.tally.wallet.domain.ReleaseCommand;
import dev.tally.wallet.domain.ReserveCommand;
import dev.tally.wallet.v1.CaptureRequest;
import dev.tally.wallet.v1.ReleaseRequest;
import dev.tally.wallet.v1.ReserveRequest;
import java.time.Instant;
import java.util.UUID;

/**
 * Hold requests (Reserve, Capture, Release) to domain commands: every field checked, all bad
 * fields reported at once.
 */
final class HoldRequests {

    private HoldRequests() {}

    static ReserveCommand reserve(ReserveRequest request) {
        Violations violations = new Violations();
        String customerId = Fields.customerId(violations, request.getCustomerId());
        Money amount = Fields.positiveAmount(violations, "amount", request.hasAmount(), request.getAmount());
        Instant expire =
                ProtoTime.optional(violations, "expire_time", request.hasExpireTime(), request.getExpireTime());
        String key = Fields.idempotencyKey(violations, request.getIdempotencyKey());
        String reference = Fields.text(violations, request.getReference(), Fields.MAX_REFERENCE_LENGTH, "reference");
        String description =
                Fields.text(violations, request.getDescription(), Fields.MAX_DESCRIPTION_LENGTH, "description");
        violations.throwIfAny();
        return new ReserveCommand(customerId, amount, expire, key, reference, description);
    }

    static CaptureCommand capture(CaptureRequest request) {
        Violations violations = new Violations();
        String customerId = Fields.customerId(violations, request.getCustomerId());
        UUID holdId = Fields.id(violations, request.getHoldId(), "hold_id");
        Money amount = Fields.nonNegativeAmount(
                violations, "final_amount", request.hasFinalAmount(), request.getFinalAmount());
        Instant occurred =
                ProtoTime.optional(violations, "occurred_time", request.hasOccurredTime(), request.getOccurredTime());
        String key = Fields.idempotencyKey(violations, request.getIdempotencyKey());
        String reference = Fields.text(violations, request.getReference(), Fields.MAX_REFERENCE_LENGTH, "reference");
        String description =
                Fields.text(violations, request.getDescription(), Fields.MAX_DESCRIPTION_LENGTH, "description");
        Fields.metadata(violations, request.getMetadataMap(), "metadata");
        violations.throwIfAny();
        return new CaptureCommand(
                customerId, holdId, amount, occurred, key, reference, description, request.getMetadataMap());
    }

    static ReleaseCommand release(ReleaseRequest request) {
        Violations violations = new Violations();
        String customerId = Fields.customerId(violations, request.getCustomerId());
        UUID holdId = Fields.id(violations, request.getHoldId(), "hold_id");
        String key = Fields.idempotencyKey(violations, request.getIdempotencyKey());
        violations.throwIfAny();
        return new ReleaseCommand(customerId, holdId, key);
    }
}
