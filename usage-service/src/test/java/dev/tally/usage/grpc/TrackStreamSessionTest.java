package dev.tally.usage.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.usage.app.TrackAnswer;
import dev.tally.usage.app.TrackItem;
import dev.tally.usage.v1.TrackRequest;
import dev.tally.usage.v1.TrackResponse;
import dev.tally.usage.v1.TrackStreamRequest;
import dev.tally.usage.v1.TrackStreamResponse;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import io.smallrye.mutiny.subscription.BackPressureStrategy;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Flow;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * TrackStream flow control: the session reads at most max-unanswered items beyond those answered,
 * so a client that sends faster than events are stored is held back (by HTTP/2 flow control, as
 * the server stops reading), never buffered without bound; every item is answered once, and the
 * stream completes after the client half-closed and the last answer.
 */
class TrackStreamSessionTest {

    private final List<Consumer<TrackAnswer<TrackResponse>>> waiting = new ArrayList<>();
    private final AssertSubscriber<TrackStreamResponse> client = AssertSubscriber.create(Long.MAX_VALUE);
    private long requested;

    /** A session reading at most {@code maxUnanswered}, whose items wait in {@link #waiting} for their answers. */
    private TrackStreamSession open(int maxUnanswered) {
        TrackStreamSession[] session = new TrackStreamSession[1];
        Multi.createFrom()
                .<TrackStreamResponse>emitter(
                        emitter -> session[0] = new TrackStreamSession(
                                emitter,
                                (TrackItem item, Consumer<TrackAnswer<TrackResponse>> answer) -> waiting.add(answer),
                                Clock.fixed(Instant.parse("2026-07-01T00:00:00Z"), ZoneOffset.UTC),
                                maxUnanswered),
                        BackPressureStrategy.BUFFER)
                .subscribe()
                .withSubscriber(client);
        session[0].onSubscribe(new Flow.Subscription() {
            @Override
            public void request(long n) {
                requested += n;
            }

            @Override
            public void cancel() {}
        });
        return session[0];
    }

    @Test
    void readsAtMostMaxUnansweredBeyondTheAnsweredItems() {
        TrackStreamSession session = open(3);
        assertThat(requested).as("the first window").isEqualTo(3);

        for (int i = 0; i < 3; i++) {
            session.onItem(item("k" + i));
        }
        assertThat(requested).as("nothing answered yet: no more items are read").isEqualTo(3);
        assertThat(waiting).hasSize(3);

        waiting.get(0)
                .accept(TrackAnswer.of(
                        TrackResponse.newBuilder().setEventId("e0").build()));
        assertThat(requested).as("one answered: one more item may be read").isEqualTo(4);
        assertThat(client.getItems()).hasSize(1);
        assertThat(client.getItems().get(0).getIdempotencyKey()).isEqualTo("k0");

        session.onItem(item("k3"));
        session.onCompletion();
        client.assertNotTerminated();
        for (int i = 1; i < 4; i++) {
            waiting.get(i)
                    .accept(TrackAnswer.of(
                            TrackResponse.newBuilder().setEventId("e" + i).build()));
        }
        client.assertCompleted();
        assertThat(client.getItems())
                .extracting(TrackStreamResponse::getCorrelationId)
                .containsExactly("c-k0", "c-k1", "c-k2", "c-k3");
    }

    @Test
    void anInvalidItemIsAnsweredAtOnceAndFreesItsPlace() {
        TrackStreamSession session = open(2);
        session.onItem(TrackStreamRequest.newBuilder()
                .setCorrelationId("bad")
                .setRequest(TrackRequest.newBuilder().setCustomerId("c"))
                .build());
        assertThat(waiting).isEmpty();
        assertThat(requested).isEqualTo(3);
        assertThat(client.getItems().get(0).getError().getReason()).isEqualTo("VALIDATION_FAILED");
    }

    private static TrackStreamRequest item(String key) {
        return TrackStreamRequest.newBuilder()
                .setCorrelationId("c-" + key)
                .setRequest(TrackRequest.newBuilder()
                        .setCustomerId("c")
                        .setFeatureCode("image")
                        .setValue("1")
                        .setIdempotencyKey(key))
                .build();
    }
}
