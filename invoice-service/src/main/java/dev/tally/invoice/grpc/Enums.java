package dev.tally.invoice.grpc;

import dev.tally.invoice.domain.BillingInterval;
import dev.tally.invoice.domain.CustomerStatus;
import dev.tally.invoice.domain.InvoiceKind;
import dev.tally.invoice.domain.InvoiceStatus;
import dev.tally.invoice.domain.LineType;
import dev.tally.invoice.domain.OverageRounding;
import dev.tally.invoice.domain.PlanStatus;
import dev.tally.invoice.domain.SubscriptionStatus;

/**
 * The invoice contract's own enums between the contract and the domain (the shared plan terms:
 * service-kit's {@code PlanEnums}), by exhaustive {@code switch} in both directions:
 * a value added on either side breaks the build until it is mapped. Proto → domain maps
 * {@code *_UNSPECIFIED} and {@code UNRECOGNIZED} to null (the caller decides: a violation, or the
 * documented default).
 */
final class Enums {

    private Enums() {}

    static BillingInterval interval(dev.tally.invoice.v1.BillingInterval value) {
        return switch (value) {
            case BILLING_INTERVAL_MONTH -> BillingInterval.MONTH;
            case BILLING_INTERVAL_QUARTER -> BillingInterval.QUARTER;
            case BILLING_INTERVAL_YEAR -> BillingInterval.YEAR;
            case BILLING_INTERVAL_UNSPECIFIED, UNRECOGNIZED -> null;
        };
    }

    static dev.tally.invoice.v1.BillingInterval interval(BillingInterval value) {
        return switch (value) {
            case MONTH -> dev.tally.invoice.v1.BillingInterval.BILLING_INTERVAL_MONTH;
            case QUARTER -> dev.tally.invoice.v1.BillingInterval.BILLING_INTERVAL_QUARTER;
            case YEAR -> dev.tally.invoice.v1.BillingInterval.BILLING_INTERVAL_YEAR;
        };
    }

    static OverageRounding rounding(dev.tally.invoice.v1.OverageRounding value) {
        return switch (value) {
            case OVERAGE_ROUNDING_PROPORTIONAL -> OverageRounding.PROPORTIONAL;
            case OVERAGE_ROUNDING_PER_STARTED_BLOCK -> OverageRounding.PER_STARTED_BLOCK;
            case OVERAGE_ROUNDING_UNSPECIFIED, UNRECOGNIZED -> null;
        };
    }

    static dev.tally.invoice.v1.OverageRounding rounding(OverageRounding value) {
        return switch (value) {
            case PROPORTIONAL -> dev.tally.invoice.v1.OverageRounding.OVERAGE_ROUNDING_PROPORTIONAL;
            case PER_STARTED_BLOCK -> dev.tally.invoice.v1.OverageRounding.OVERAGE_ROUNDING_PER_STARTED_BLOCK;
        };
    }

    static dev.tally.invoice.v1.PlanStatus planStatus(PlanStatus value) {
        return switch (value) {
            case ACTIVE -> dev.tally.invoice.v1.PlanStatus.PLAN_STATUS_ACTIVE;
            case ARCHIVED -> dev.tally.invoice.v1.PlanStatus.PLAN_STATUS_ARCHIVED;
        };
    }

    static dev.tally.invoice.v1.CustomerStatus customerStatus(CustomerStatus value) {
        return switch (value) {
            case ACTIVE -> dev.tally.invoice.v1.CustomerStatus.CUSTOMER_STATUS_ACTIVE;
            case ARCHIVED -> dev.tally.invoice.v1.CustomerStatus.CUSTOMER_STATUS_ARCHIVED;
        };
    }

    static SubscriptionStatus subscriptionStatus(dev.tally.invoice.v1.SubscriptionStatus value) {
        return switch (value) {
            case SUBSCRIPTION_STATUS_PENDING -> SubscriptionStatus.PENDING;
            case SUBSCRIPTION_STATUS_ACTIVE -> SubscriptionStatus.ACTIVE;
            case SUBSCRIPTION_STATUS_CANCELED -> SubscriptionStatus.CANCELED;
            case SUBSCRIPTION_STATUS_UNSPECIFIED, UNRECOGNIZED -> null;
        };
    }

    static dev.tally.invoice.v1.SubscriptionStatus subscriptionStatus(SubscriptionStatus value) {
        return switch (value) {
            case PENDING -> dev.tally.invoice.v1.SubscriptionStatus.SUBSCRIPTION_STATUS_PENDING;
            case ACTIVE -> dev.tally.invoice.v1.SubscriptionStatus.SUBSCRIPTION_STATUS_ACTIVE;
            case CANCELED -> dev.tally.invoice.v1.SubscriptionStatus.SUBSCRIPTION_STATUS_CANCELED;
        };
    }

    static InvoiceStatus invoiceStatus(dev.tally.invoice.v1.InvoiceStatus value) {
        return switch (value) {
            case INVOICE_STATUS_DRAFT -> InvoiceStatus.DRAFT;
            case INVOICE_STATUS_FINALIZED -> InvoiceStatus.FINALIZED;
            case INVOICE_STATUS_PAID -> InvoiceStatus.PAID;
            case INVOICE_STATUS_VOID -> InvoiceStatus.VOID;
            case INVOICE_STATUS_UNSPECIFIED, UNRECOGNIZED -> null;
        };
    }

    static dev.tally.invoice.v1.InvoiceStatus invoiceStatus(InvoiceStatus value) {
        return switch (value) {
            case DRAFT -> dev.tally.invoice.v1.InvoiceStatus.INVOICE_STATUS_DRAFT;
            case FINALIZED -> dev.tally.invoice.v1.InvoiceStatus.INVOICE_STATUS_FINALIZED;
            case PAID -> dev.tally.invoice.v1.InvoiceStatus.INVOICE_STATUS_PAID;
            case VOID -> dev.tally.invoice.v1.InvoiceStatus.INVOICE_STATUS_VOID;
        };
    }

    static InvoiceKind invoiceKind(dev.tally.invoice.v1.InvoiceKind value) {
        return switch (value) {
            case INVOICE_KIND_PERIOD -> InvoiceKind.PERIOD;
            case INVOICE_KIND_PURCHASE -> InvoiceKind.PURCHASE;
            case INVOICE_KIND_CREDIT_NOTE -> InvoiceKind.CREDIT_NOTE;
            case INVOICE_KIND_UNSPECIFIED, UNRECOGNIZED -> null;
        };
    }

    static dev.tally.invoice.v1.InvoiceKind invoiceKind(InvoiceKind value) {
        return switch (value) {
            case PERIOD -> dev.tally.invoice.v1.InvoiceKind.INVOICE_KIND_PERIOD;
            case PURCHASE -> dev.tally.invoice.v1.InvoiceKind.INVOICE_KIND_PURCHASE;
            case CREDIT_NOTE -> dev.tally.invoice.v1.InvoiceKind.INVOICE_KIND_CREDIT_NOTE;
        };
    }

    static dev.tally.invoice.v1.InvoiceLineType lineType(LineType value) {
        return switch (value) {
            case BASE -> dev.tally.invoice.v1.InvoiceLineType.INVOICE_LINE_TYPE_BASE;
            case OVERAGE -> dev.tally.invoice.v1.InvoiceLineType.INVOICE_LINE_TYPE_OVERAGE;
            case SHORTFALL -> dev.tally.invoice.v1.InvoiceLineType.INVOICE_LINE_TYPE_SHORTFALL;
            case CREDIT_PACK -> dev.tally.invoice.v1.InvoiceLineType.INVOICE_LINE_TYPE_CREDIT_PACK;
            case TOP_UP -> dev.tally.invoice.v1.InvoiceLineType.INVOICE_LINE_TYPE_TOP_UP;
        };
    }
}
