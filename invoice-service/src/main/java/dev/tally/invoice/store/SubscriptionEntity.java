package dev.tally.invoice.store;

import dev.tally.invoice.domain.SubscriptionStatus;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;

/**
 * A customer's subscription: the plan version in force, the open period, and what happens at its
 * end (renewal, a scheduled plan change, or the end of the subscription).
 */
@Entity
@Table(name = "subscription")
class SubscriptionEntity {

    @Id
    public String subscriptionId;

    public String customerId;
    public String planVersionId;

    @Enumerated(EnumType.STRING)
    public SubscriptionStatus status;

    public Instant startTime;
    /** Periods are counted from here (see BillingPeriods). */
    public Instant anchorTime;

    public int anchorPeriodIndex;
    public Integer currentPeriodIndex;
    public Instant currentPeriodStart;
    public Instant currentPeriodEnd;
    public boolean cancelAtPeriodEnd;
    public Instant cancelTime;
    public Instant endTime;
    public String scheduledPlanVersionId;
    public Instant createTime;
    public Instant updateTime;

    @Version
    public long rowVersion;
}
