package dev.tally.usage.grpc;

import dev.tally.support.proto.BatchLimits;
import dev.tally.support.server.ShutdownSignal;
import dev.tally.usage.config.UsageConfig;
import dev.tally.usage.ingest.Ingestor;
import dev.tally.usage.ingest.ItemErrors;
import dev.tally.usage.ingest.TrackItem;
import dev.tally.usage.ingest.TrackAnswer;
import dev.tally.usage.v1.MutinyUsageServiceGrpc;
import dev.tally.usage.v1.TrackBatchRequest;
import dev.tally.usage.v1.TrackBatchResponse;
import dev.tally.usage.v1.TrackRequest;
import dev.tally.usage.v1.TrackResponse;
import dev.tally.usage.v1.TrackResult;
import dev.tally.usage.v1.TrackStreamRequest;
import dev.tally.usage.v1.TrackStreamResponse;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.BackPressureStrategy;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The usage API ({@code tally.usage.v1.UsageService}), thin: each RPC maps its request
 * ({@code *Requests}), runs it (ingest, checks, corrections, queries) and maps the answer.
 */
@GrpcService
public class UsageGrpcService extends MutinyUsageServiceGrpc.UsageServiceImplBase {

    /** The contract's TrackBatch limit. */
    static final int MAX_BATCH = 1000;

    private final Ingestor ingestor;
    private final ShutdownSignal shutdown;
    private final Clock clock;
    private final UsageConfig config;

    public UsageGrpcService(Ingestor ingestor, ShutdownSignal shutdown, Clock clock, UsageConfig config) {
        this.ingestor = ingestor;
        this.shutdown = shutdown;
        this.clock = clock;
        this.config = config;
    }

    @Override
    public Uni<TrackResponse> track(TrackRequest request) {
        return Uni.createFrom().deferred(() -> ingestor.track(TrackRequests.item(request, clock.instant())));
    }

    @Override
    public Uni<TrackBatchResponse> trackBatch(TrackBatchRequest request) {
        return Uni.createFrom().deferred(() -> {
            BatchLimits.requireSize("requests", request.getRequestsCount(), MAX_BATCH);
            Instant now = clock.instant();
            TrackResult[] results = new TrackResult[request.getRequestsCount()];
            List<TrackItem> valid = new ArrayList<>();
            List<Integer> validIndex = new ArrayList<>();
            for (int i = 0; i < request.getRequestsCount(); i++) {
                try {
                    valid.add(TrackRequests.item(request.getRequests(i), now));
                    validIndex.add(i);
                } catch (RuntimeException invalid) {
                    results[i] = TrackResult.newBuilder().setError(ItemErrors.of(invalid)).build();
                }
            }
            return ingestor.trackAll(valid).map(answers -> {
                for (int n = 0; n < answers.size(); n++) {
                    results[validIndex.get(n)] = result(answers.get(n));
                }
                return TrackBatchResponse.newBuilder().addAllResults(List.of(results)).build();
            });
        });
    }

    private static TrackResult result(TrackAnswer answer) {
        return answer.error() == null ? TrackResult.newBuilder().setResponse(answer.response()).build()
                : TrackResult.newBuilder().setError(ItemErrors.of(answer.error())).build();
    }

    @Override
    public Multi<TrackStreamResponse> trackStream(Multi<TrackStreamRequest> requests) {
        int maxUnanswered = config.stream().maxUnanswered();
        return shutdown.endOnShutdown(Multi.createFrom().<TrackStreamResponse>emitter(emitter -> {
            TrackStreamSession session = new TrackStreamSession(emitter, ingestor, clock, maxUnanswered);
            emitter.onTermination(session::cancel);
            requests.subscribe().withSubscriber(session);
        }, BackPressureStrategy.BUFFER));
    }
}
