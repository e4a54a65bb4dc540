package dev.tally.support.error;

import io.grpc.Status;

/**
 * Every machine-readable reason a Tally service answers with, each with the one gRPC code it goes
 * with: the values of the contract's {@code tally.common.v1.ErrorReason} (without
 * {@code ERROR_REASON_UNSPECIFIED}), declared once for code that cannot see the contracts (domain
 * rules, this module). service-kit's {@code ReasonContractTest} fails the build when this list and
 * the contract's enum (or the code its comment names) part ways.
 */
public enum Reason {
    VALIDATION_FAILED(Status.Code.INVALID_ARGUMENT),
    IDEMPOTENCY_KEY_REUSED(Status.Code.ALREADY_EXISTS),
    RESOURCE_ALREADY_EXISTS(Status.Code.ALREADY_EXISTS),
    CUSTOMER_NOT_FOUND(Status.Code.NOT_FOUND),
    MODEL_NOT_FOUND(Status.Code.NOT_FOUND),
    WALLET_NOT_FOUND(Status.Code.NOT_FOUND),
    RESOURCE_NOT_FOUND(Status.Code.NOT_FOUND),
    FEATURE_NOT_ON_PLAN(Status.Code.FAILED_PRECONDITION),
    PERIOD_CLOSED(Status.Code.FAILED_PRECONDITION),
    PRICE_NOT_IN_EFFECT(Status.Code.FAILED_PRECONDITION),
    NO_ACTIVE_SUBSCRIPTION(Status.Code.FAILED_PRECONDITION),
    INVALID_STATE(Status.Code.FAILED_PRECONDITION),
    CURRENCY_MISMATCH(Status.Code.FAILED_PRECONDITION),
    SYNC_IN_PROGRESS(Status.Code.FAILED_PRECONDITION),
    LIMIT_EXCEEDED(Status.Code.RESOURCE_EXHAUSTED),
    DEPENDENCY_UNAVAILABLE(Status.Code.UNAVAILABLE),
    INTERNAL_ERROR(Status.Code.INTERNAL),
    CONSUMPTION_MODEL_MISMATCH(Status.Code.FAILED_PRECONDITION),
    CREDIT_PACK_NOT_OFFERED(Status.Code.FAILED_PRECONDITION),
    SUBSCRIPTION_ALREADY_ACTIVE(Status.Code.FAILED_PRECONDITION),
    INSUFFICIENT_FUNDS(Status.Code.FAILED_PRECONDITION),
    HOLD_EXPIRED(Status.Code.FAILED_PRECONDITION),
    HOLD_RELEASED(Status.Code.FAILED_PRECONDITION),
    HOLD_CAPTURED(Status.Code.FAILED_PRECONDITION),
    DEBIT_ALREADY_REVERSED(Status.Code.FAILED_PRECONDITION),
    SERVER_SHUTTING_DOWN(Status.Code.UNAVAILABLE),
    API_KEY_INVALID(Status.Code.UNAUTHENTICATED),
    MISSING_SCOPE(Status.Code.PERMISSION_DENIED),
    API_KEY_NOT_FOUND(Status.Code.NOT_FOUND);

    private final Status.Code code;

    Reason(Status.Code code) {
        this.code = code;
    }

    /** The gRPC status code every answer with this reason carries. */
    public Status.Code code() {
        return code;
    }
}
