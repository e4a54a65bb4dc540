package dev.tally.usage.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.support.grpc.ConnectBackoff;
import dev.tally.usage.UsageTest;
import io.grpc.Channel;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * The channels the price and entitlement feeds reset before each reconnect are the ones the stubs
 * call through, and they can be reset: after invoice-service or catalog-service was down, the next
 * reconnect of a feed connects at once instead of waiting out gRPC's backoff (up to two minutes).
 */
@QuarkusTest
class ConnectBackoffTest extends UsageTest {

    @GrpcClient("invoice")
    Channel invoice;

    @GrpcClient("catalog")
    Channel catalog;

    @Test
    void theFeedsChannelsCanBeReset() {
        assertThat(ConnectBackoff.managed(invoice)).as("invoice channel").isNotNull();
        assertThat(ConnectBackoff.managed(catalog)).as("catalog channel").isNotNull();
        ConnectBackoff.reset(invoice);
        // still usable after a reset: a Track resolves the plan through the invoice channel
        assertThat(usage.track(units(customer(dev.tally.usage.support.Plans.credits()), "image", "1", key()))
                        .getCharge()
                        .hasCredits())
                .isTrue();
    }
}
