package dev.tally.system;

import dev.tally.common.v1.TokenCounts;
import dev.tally.usage.v1.ListEventsRequest;
import dev.tally.usage.v1.ListEventsResponse;
import dev.tally.usage.v1.TokenUsage;
import dev.tally.usage.v1.TrackRequest;
import dev.tally.usage.v1.UsageEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Track requests as a client builds them, and reading a customer's events back. */
final class Events {

    static final String MODEL = "anthropic/claude-sonnet-4.6";

    private Events() {}

    static TrackRequest tokens(String customer, String feature, long input, long output, long cacheRead) {
        return TrackRequest.newBuilder()
                .setCustomerId(customer)
                .setFeatureCode(feature)
                .setIdempotencyKey(Billing.key())
                .setTokenUsage(tokenUsage(input, output, cacheRead))
                .build();
    }

    static TokenUsage tokenUsage(long input, long output, long cacheRead) {
        return TokenUsage.newBuilder()
                .setModel(MODEL)
                .setTokens(TokenCounts.newBuilder()
                        .setInputTokens(input)
                        .setOutputTokens(output)
                        .setCacheReadTokens(cacheRead))
                .build();
    }

    static TrackRequest units(String customer, String feature, String value) {
        return units(customer, feature, value, Billing.key());
    }

    static TrackRequest units(String customer, String feature, String value, String key) {
        return TrackRequest.newBuilder()
                .setCustomerId(customer)
                .setFeatureCode(feature)
                .setIdempotencyKey(key)
                .setValue(value)
                .build();
    }

    static TrackRequest at(TrackRequest request, Instant occurred) {
        return request.toBuilder().setOccurredTime(Billing.timestamp(occurred)).build();
    }

    /** Every event of a customer, all pages, newest first, from one usage replica. */
    static List<UsageEvent> list(SystemClients clients, int replica, String customer) {
        // retried as a client retries: after a crash the replica may answer UNAVAILABLE for a while
        // (e.g. "the API key cannot be verified now" while its key registry reconnects)
        return SystemUnderTest.eventually(
                        "the events of " + customer + " on usage replica " + replica, Duration.ofSeconds(60))
                .until(() -> listOnce(clients, replica, customer), events -> true);
    }

    private static List<UsageEvent> listOnce(SystemClients clients, int replica, String customer) {
        List<UsageEvent> all = new ArrayList<>();
        String page = "";
        do {
            ListEventsResponse response = clients.usage(replica)
                    .listEvents(ListEventsRequest.newBuilder()
                            .setCustomerId(customer)
                            .setPageSize(500)
                            .setPageToken(page)
                            .build());
            all.addAll(response.getEventsList());
            page = response.getNextPageToken();
        } while (!page.isEmpty());
        return all;
    }
}
