package dev.tally.invoice.grpc;

import dev.tally.invoice.app.SubscriptionChange;
import dev.tally.invoice.domain.Subscription;
import dev.tally.invoice.v1.CancelSubscriptionResponse;
import dev.tally.invoice.v1.CreateSubscriptionResponse;
import dev.tally.invoice.v1.GetSubscriptionResponse;
import dev.tally.invoice.v1.ListSubscriptionsResponse;
import dev.tally.invoice.v1.UpdateSubscriptionResponse;
import dev.tally.support.idempotency.Replies;
import dev.tally.support.proto.Paging;
import dev.tally.support.proto.ProtoTime;
import java.util.List;

/** Subscriptions to {@code tally.invoice.v1.Subscription} and the subscription responses. */
final class SubscriptionResponses {

    static final Replies<CreateSubscriptionResponse> CREATE = Replies.of(
            CreateSubscriptionResponse.parser(),
            r -> r.toBuilder().setDuplicate(true).build());
    static final Replies<UpdateSubscriptionResponse> UPDATE = Replies.of(
            UpdateSubscriptionResponse.parser(),
            r -> r.toBuilder().setDuplicate(true).build());
    static final Replies<CancelSubscriptionResponse> CANCEL = Replies.of(
            CancelSubscriptionResponse.parser(),
            r -> r.toBuilder().setDuplicate(true).build());

    private SubscriptionResponses() {}

    static CreateSubscriptionResponse created(SubscriptionChange change) {
        return CreateSubscriptionResponse.newBuilder()
                .setSubscription(subscription(change.subscription()))
                .setInvoice(InvoiceResponses.invoice(change.invoice()))
                .build();
    }

    static UpdateSubscriptionResponse updated(SubscriptionChange change) {
        UpdateSubscriptionResponse.Builder response =
                UpdateSubscriptionResponse.newBuilder().setSubscription(subscription(change.subscription()));
        if (change.invoice() != null) {
            response.setClosingInvoice(InvoiceResponses.invoice(change.invoice()));
        }
        change.keptBalances().forEach(m -> response.addKeptWalletBalances(Protos.money(m)));
        return response.build();
    }

    static CancelSubscriptionResponse canceled(SubscriptionChange change) {
        CancelSubscriptionResponse.Builder response =
                CancelSubscriptionResponse.newBuilder().setSubscription(subscription(change.subscription()));
        if (change.invoice() != null) {
            response.setClosingInvoice(InvoiceResponses.invoice(change.invoice()));
        }
        return response.build();
    }

    static GetSubscriptionResponse got(Subscription subscription) {
        return GetSubscriptionResponse.newBuilder()
                .setSubscription(subscription(subscription))
                .build();
    }

    static ListSubscriptionsResponse list(List<Subscription> found, Pages.Listing<?> listing) {
        Paging.Page<Subscription> page = listing.page(found, Subscription::subscriptionId);
        return ListSubscriptionsResponse.newBuilder()
                .addAllSubscriptions(page.items().stream()
                        .map(SubscriptionResponses::subscription)
                        .toList())
                .setNextPageToken(page.nextPageToken())
                .build();
    }

    static dev.tally.invoice.v1.Subscription subscription(Subscription s) {
        dev.tally.invoice.v1.Subscription.Builder sub = dev.tally.invoice.v1.Subscription.newBuilder()
                .setSubscriptionId(s.subscriptionId())
                .setCustomerId(s.customerId())
                .setPlanId(s.plan().planId())
                .setPlanVersion(s.plan().version())
                .setStatus(Enums.subscriptionStatus(s.status()))
                .setStartTime(ProtoTime.timestamp(s.startTime()))
                .setCancelAtPeriodEnd(s.cancelAtPeriodEnd())
                .setCreateTime(ProtoTime.timestamp(s.createTime()))
                .setUpdateTime(ProtoTime.timestamp(s.updateTime()));
        if (s.currentPeriod() != null && s.currentPeriodIndex() != null) {
            sub.setCurrentPeriod(Protos.range(s.currentPeriod())).setCurrentPeriodReference(s.currentPeriodId());
        }
        if (s.cancelTime() != null) {
            sub.setCancelTime(ProtoTime.timestamp(s.cancelTime()));
        }
        if (s.endTime() != null) {
            sub.setEndTime(ProtoTime.timestamp(s.endTime()));
        }
        if (s.scheduledPlan() != null) {
            sub.setScheduledPlanId(s.scheduledPlan().planId())
                    .setScheduledPlanVersion(s.scheduledPlan().version());
        }
        return sub.build();
    }
}
