package dev.tally.usage.bench;

import dev.tally.common.v1.TokenCounts;
import dev.tally.usage.v1.TokenUsage;
import dev.tally.usage.v1.TrackBatchRequest;
import dev.tally.usage.v1.TrackRequest;
import dev.tally.usage.v1.TrackResult;
import dev.tally.usage.v1.TrackStreamRequest;
import dev.tally.usage.v1.TrackStreamResponse;
import dev.tally.usage.v1.UsageServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongFunction;

/**
 * The benchmark's events and the three ways of sending them (Track, TrackBatch, TrackStream). Event
 * {@code n} of a phase has the key {@code <phase>-<n>} (so acknowledged keys are distinct by
 * construction), is a chat_tokens call of claude-sonnet-4-5 with 1,000-1,099 input and 200 output
 * tokens, except every 20th, which has no tokens (a zero charge: NOT_REQUIRED, no debit).
 */
final class TrackSenders {

    static final String HOT = "bench-hot";
    static final String MODEL = "claude-sonnet-4-5";

    private TrackSenders() {}

    static String spreadCustomer(int n) {
        return String.format(Locale.ROOT, "bench-%05d", n);
    }

    /** One hot customer. */
    static LongFunction<String> hot() {
        return n -> HOT;
    }

    /** {@code customers} customers, a pseudo-random one per event. */
    static LongFunction<String> spread(int customers) {
        return n -> spreadCustomer((int) Math.floorMod(n * 0x9E3779B97F4A7C15L >>> 17, (long) customers));
    }

    static TrackRequest event(String phase, long n, LongFunction<String> customer) {
        boolean free = n % 20 == 0;
        return TrackRequest.newBuilder()
                .setCustomerId(customer.apply(n))
                .setFeatureCode("chat_tokens")
                .setIdempotencyKey(phase + "-" + n)
                .setTokenUsage(TokenUsage.newBuilder()
                        .setModel(MODEL)
                        .setTokens(TokenCounts.newBuilder()
                                .setInputTokens(free ? 0 : 1000 + n % 100)
                                .setOutputTokens(free ? 0 : 200)))
                .build();
    }

    private static String describe(Throwable failure) {
        Status status = Status.fromThrowable(failure);
        return status.getCode() + ": " + status.getDescription();
    }

    /** Unary Track, one call per unit (unit = event). */
    static OpenLoop.Sender unary(ManagedChannel channel, String phase, LongFunction<String> customer) {
        UsageServiceGrpc.UsageServiceStub stub = UsageServiceGrpc.newStub(channel);
        return (unit, answers) -> stub.withDeadlineAfter(60, TimeUnit.SECONDS)
                .track(
                        event(phase, unit, customer),
                        answering(unit, answers, response -> answers.event(unit, response.getDuplicate(), null)));
    }

    /** TrackBatch, one call per unit of {@code size} events. */
    static OpenLoop.Sender batch(ManagedChannel channel, String phase, LongFunction<String> customer, int size) {
        UsageServiceGrpc.UsageServiceStub stub = UsageServiceGrpc.newStub(channel);
        return (unit, answers) -> {
            TrackBatchRequest.Builder request = TrackBatchRequest.newBuilder();
            for (int i = 0; i < size; i++) {
                request.addRequests(event(phase, answers.event(unit, i), customer));
            }
            stub.withDeadlineAfter(120, TimeUnit.SECONDS)
                    .trackBatch(request.build(), answering(unit, answers, response -> {
                        for (TrackResult result : response.getResultsList()) {
                            answers.event(
                                    unit,
                                    result.hasResponse() && result.getResponse().getDuplicate(),
                                    result.hasResponse()
                                            ? null
                                            : result.getError().getReason() + ": "
                                                    + result.getError().getMessage());
                        }
                    }));
        };
    }

    /** The observer of a unary call answering a whole unit: each response, a failure of all its events, then done. */
    private static <T> StreamObserver<T> answering(long unit, OpenLoop.Answers answers, Consumer<T> response) {
        return new StreamObserver<>() {
            @Override
            public void onNext(T value) {
                response.accept(value);
            }

            @Override
            public void onError(Throwable t) {
                answers.unitFailed(unit, describe(t));
            }

            @Override
            public void onCompleted() {
                answers.unitDone();
            }
        };
    }

    /** {@code streams} TrackStreams, events (units) dealt round robin; the correlation id is the event number. */
    static OpenLoop.Sender stream(ManagedChannel channel, String phase, LongFunction<String> customer, int streams) {
        return new Streams(channel, phase, customer, streams);
    }

    private static final class Streams implements OpenLoop.Sender {
        private final String phase;
        private final LongFunction<String> customer;
        private final List<StreamObserver<TrackStreamRequest>> streams = new ArrayList<>();
        private final List<Set<Long>> unanswered = new ArrayList<>();
        private volatile OpenLoop.Answers answers;

        Streams(ManagedChannel channel, String phase, LongFunction<String> customer, int count) {
            this.phase = phase;
            this.customer = customer;
            UsageServiceGrpc.UsageServiceStub stub = UsageServiceGrpc.newStub(channel);
            for (int s = 0; s < count; s++) {
                Set<Long> waiting = ConcurrentHashMap.newKeySet();
                unanswered.add(waiting);
                streams.add(stub.trackStream(new StreamObserver<>() {
                    @Override
                    public void onNext(TrackStreamResponse answer) {
                        long unit = Long.parseLong(answer.getCorrelationId());
                        waiting.remove(unit);
                        answers.event(
                                unit,
                                answer.hasResponse() && answer.getResponse().getDuplicate(),
                                answer.hasResponse()
                                        ? null
                                        : answer.getError().getReason() + ": "
                                                + answer.getError().getMessage());
                        answers.unitDone();
                    }

                    @Override
                    public void onError(Throwable t) {
                        // the stream ended: what it had not answered fails (a client would resend it)
                        for (Long unit : List.copyOf(waiting)) {
                            if (waiting.remove(unit)) {
                                answers.unitFailed(unit, describe(t));
                            }
                        }
                    }

                    @Override
                    public void onCompleted() {}
                }));
            }
        }

        @Override
        public void send(long unit, OpenLoop.Answers answers) {
            this.answers = answers;
            int s = (int) (unit % streams.size());
            unanswered.get(s).add(unit);
            streams.get(s)
                    .onNext(TrackStreamRequest.newBuilder()
                            .setCorrelationId(Long.toString(unit))
                            .setRequest(event(phase, unit, customer))
                            .build());
        }

        @Override
        public void finish() {
            streams.forEach(StreamObserver::onCompleted);
        }
    }
}
