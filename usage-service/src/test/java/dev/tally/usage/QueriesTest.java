package dev.tally.usage;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Timestamp;
import dev.tally.common.v1.TimeRange;
import dev.tally.usage.support.Doubles;
import dev.tally.usage.support.Plans;
import dev.tally.usage.v1.FeatureUsage;
import dev.tally.usage.v1.GetUsageRequest;
import dev.tally.usage.v1.GetUsageResponse;
import dev.tally.usage.v1.ListEventsRequest;
import dev.tally.usage.v1.ListEventsResponse;
import dev.tally.usage.v1.QueryUsageRequest;
import dev.tally.usage.v1.QueryUsageResponse;
import dev.tally.usage.v1.UsageGroupBy;
import io.grpc.Status;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** GetUsage, ListEvents and QueryUsage: the AI costs view. */
@QuarkusTest
class QueriesTest extends UsageTest {

    @Test
    void theCostsViewShowsModelTokensCostMarginAndCharge() {
        String c = customer(Plans.balance());
        Doubles.WALLET.grant(c, "USD", "100");
        usage.track(tokens(c, "chat_tokens", "claude-sonnet-4-5", counts(10_000, 2_000, 50_000), key()).toBuilder()
                .putProperties("user_id", "u1")
                .build());
        usage.track(tokens(c, "chat_tokens", "gpt-4o", counts(4_000, 800, 0), key()));
        usage.track(units(c, "voice_seconds", "4", key()));

        GetUsageResponse u =
                usage.getUsage(GetUsageRequest.newBuilder().setCustomerId(c).build());
        assertThat(u.getFeaturesList())
                .extracting(FeatureUsage::getFeatureCode)
                .containsExactly("chat_tokens", "voice_seconds");
        FeatureUsage chat = u.getFeatures(0);
        assertThat(chat.getEventCount()).isEqualTo(2);
        // cost 0.075 + 0.018 = 0.093; charged 0.09 + 0.0216 = 0.1116; margin 0.015 + 0.0036 = 0.0186
        assertThat(chat.getProviderCost().getAmount()).isEqualTo("0.093");
        assertThat(chat.getCharge().getBalance().getAmount().getAmount()).isEqualTo("0.1116");
        assertThat(chat.getCharge().getBalance().getMarginAmount().getAmount()).isEqualTo("0.0186");
        assertThat(chat.getTokens().getCacheReadTokens()).isEqualTo(50_000);
        assertThat(u.getFeatures(1).getCharge().getBalance().getAmount().getAmount())
                .isEqualTo("1");
        assertThat(u.getPendingDebitCount()).isZero();

        ListEventsResponse page1 = usage.listEvents(
                ListEventsRequest.newBuilder().setCustomerId(c).setPageSize(2).build());
        assertThat(page1.getEventsCount()).isEqualTo(2);
        assertThat(page1.getNextPageToken()).isNotEmpty();
        ListEventsResponse page2 = usage.listEvents(ListEventsRequest.newBuilder()
                .setCustomerId(c)
                .setPageSize(2)
                .setPageToken(page1.getNextPageToken())
                .build());
        assertThat(page2.getEventsCount()).isEqualTo(1);
        assertThat(page2.getNextPageToken()).isEmpty();
        ListEventsResponse sonnet = usage.listEvents(ListEventsRequest.newBuilder()
                .setCustomerId(c)
                .setModelId("claude-sonnet-4-5")
                .build());
        assertThat(sonnet.getEventsCount()).isEqualTo(1);
        assertThat(sonnet.getEvents(0).getProvider()).isEqualTo("anthropic");
        assertThat(sonnet.getEvents(0).getPropertiesMap()).containsEntry("user_id", "u1");
        assertThat(sonnet.getEvents(0).getCharge().getBalance().getMargin()).isEqualTo("0.2");
        fails(
                Status.Code.INVALID_ARGUMENT,
                () -> usage.listEvents(ListEventsRequest.newBuilder()
                        .setCustomerId(c)
                        .setModelId("gpt-4o")
                        .setPageToken(page1.getNextPageToken())
                        .build()));

        Instant now = Instant.now();
        TimeRange day = TimeRange.newBuilder()
                .setStartTime(Timestamp.newBuilder().setSeconds(now.getEpochSecond() - 3600))
                .setEndTime(Timestamp.newBuilder().setSeconds(now.getEpochSecond() + 3600))
                .build();
        QueryUsageResponse byModel = usage.queryUsage(QueryUsageRequest.newBuilder()
                .setTimeRange(day)
                .setCustomerId(c)
                .addGroupBy(UsageGroupBy.USAGE_GROUP_BY_PROVIDER)
                .addGroupBy(UsageGroupBy.USAGE_GROUP_BY_MODEL)
                .build());
        assertThat(byModel.getGroupsList())
                .extracting(g -> g.getProvider() + "/" + g.getModelId())
                .containsExactly("/", "anthropic/claude-sonnet-4-5", "openai/gpt-4o");
        assertThat(byModel.getGroups(1).getProviderCosts(0).getAmount()).isEqualTo("0.075");
        assertThat(byModel.getGroups(1).getBilledAmounts(0).getAmount()).isEqualTo("0.09");
        assertThat(byModel.getGroups(1).getMarginAmounts(0).getAmount()).isEqualTo("0.015");
        QueryUsageResponse total = usage.queryUsage(QueryUsageRequest.newBuilder()
                .setTimeRange(day)
                .setCustomerId(c)
                .addGroupBy(UsageGroupBy.USAGE_GROUP_BY_DAY)
                .build());
        assertThat(total.getGroupsCount()).isGreaterThanOrEqualTo(1);
        assertThat(total.getGroupsList().stream()
                        .mapToLong(g -> g.getEventCount())
                        .sum())
                .isEqualTo(3);
        fails(
                Status.Code.INVALID_ARGUMENT,
                () -> usage.queryUsage(QueryUsageRequest.newBuilder()
                        .addGroupBy(UsageGroupBy.USAGE_GROUP_BY_DAY)
                        .addGroupBy(UsageGroupBy.USAGE_GROUP_BY_DAY)
                        .build()));
    }
}
