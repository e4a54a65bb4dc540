package dev.tally.usage.grpc;

import dev.tally.kit.error.ItemErrors;
import dev.tally.support.auth.Scopes;
import dev.tally.support.proto.BatchLimits;
import dev.tally.support.server.ShutdownSignal;
import dev.tally.usage.app.Checks;
import dev.tally.usage.app.Corrections;
import dev.tally.usage.app.Ingestor;
import dev.tally.usage.app.TrackAnswer;
import dev.tally.usage.app.TrackItem;
import dev.tally.usage.app.TrackQueue;
import dev.tally.usage.app.UsageReads;
import dev.tally.usage.config.UsageConfig;
import dev.tally.usage.v1.AmendEventRequest;
import dev.tally.usage.v1.AmendEventResponse;
import dev.tally.usage.v1.CheckRequest;
import dev.tally.usage.v1.CheckResponse;
import dev.tally.usage.v1.GetUsageRequest;
import dev.tally.usage.v1.GetUsageResponse;
import dev.tally.usage.v1.ListEventsRequest;
import dev.tally.usage.v1.ListEventsResponse;
import dev.tally.usage.v1.MutinyUsageServiceGrpc;
import dev.tally.usage.v1.QueryUsageRequest;
import dev.tally.usage.v1.QueryUsageResponse;
import dev.tally.usage.v1.TrackBatchRequest;
import dev.tally.usage.v1.TrackBatchResponse;
import dev.tally.usage.v1.TrackRequest;
import dev.tally.usage.v1.TrackResponse;
import dev.tally.usage.v1.TrackResult;
import dev.tally.usage.v1.TrackStreamRequest;
import dev.tally.usage.v1.TrackStreamResponse;
import dev.tally.usage.v1.VoidEventRequest;
import dev.tally.usage.v1.VoidEventResponse;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.BackPressureStrategy;
import jakarta.annotation.security.RolesAllowed;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The usage API ({@code tally.usage.v1.UsageService}), thin: each RPC maps its request
 * ({@code *Requests}), runs it (the app layer: Track queue, checks, corrections, reads) and maps the
 * answer ({@code *Responses}, passed in where the answer is stored with its idempotency key).
 */
@GrpcService
public class UsageGrpcService extends MutinyUsageServiceGrpc.UsageServiceImplBase {

    /** The contract's TrackBatch limit. */
    static final int MAX_BATCH = 1000;

    private final TrackQueue<TrackResponse> tracks;
    private final Checks checks;
    private final Corrections corrections;
    private final UsageReads reads;
    private final ShutdownSignal shutdown;
    private final Clock clock;
    private final UsageConfig config;

    public UsageGrpcService(
            Ingestor ingestor,
            Checks checks,
            Corrections corrections,
            UsageReads reads,
            ShutdownSignal shutdown,
            Clock clock,
            UsageConfig config) {
        this.tracks = ingestor.queue(new TrackResponses());
        this.checks = checks;
        this.corrections = corrections;
        this.reads = reads;
        this.shutdown = shutdown;
        this.clock = clock;
        this.config = config;
    }

    @Override
    @RolesAllowed(Scopes.USAGE_WRITE)
    public Uni<TrackResponse> track(TrackRequest request) {
        return Uni.createFrom().deferred(() -> tracks.track(TrackRequests.item(request, clock.instant())));
    }

    @Override
    @RolesAllowed(Scopes.USAGE_WRITE)
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
                    results[i] = TrackResult.newBuilder()
                            .setError(ItemErrors.of(invalid))
                            .build();
                }
            }
            return tracks.trackAll(valid).map(answers -> {
                for (int n = 0; n < answers.size(); n++) {
                    results[validIndex.get(n)] = result(answers.get(n));
                }
                return TrackBatchResponse.newBuilder()
                        .addAllResults(List.of(results))
                        .build();
            });
        });
    }

    private static TrackResult result(TrackAnswer<TrackResponse> answer) {
        return answer.error() == null
                ? TrackResult.newBuilder().setResponse(answer.response()).build()
                : TrackResult.newBuilder()
                        .setError(ItemErrors.of(answer.error()))
                        .build();
    }

    @Override
    @RolesAllowed(Scopes.USAGE_WRITE)
    public Multi<TrackStreamResponse> trackStream(Multi<TrackStreamRequest> requests) {
        int maxUnanswered = config.stream().maxUnanswered();
        return shutdown.endOnShutdown(Multi.createFrom()
                .<TrackStreamResponse>emitter(
                        emitter -> {
                            TrackStreamSession session =
                                    new TrackStreamSession(emitter, tracks::submit, clock, maxUnanswered);
                            emitter.onTermination(session::cancel);
                            requests.subscribe().withSubscriber(session);
                        },
                        BackPressureStrategy.BUFFER));
    }

    @Override
    @RolesAllowed(Scopes.USAGE_WRITE)
    public Uni<CheckResponse> check(CheckRequest request) {
        return Uni.createFrom()
                .deferred(() -> checks.check(
                        CheckRequests.query(request, clock.instant()), CheckResponses::response, CheckResponses.CHECK));
    }

    @Override
    @RolesAllowed(Scopes.USAGE_WRITE)
    public Uni<VoidEventResponse> voidEvent(VoidEventRequest request) {
        return Uni.createFrom()
                .deferred(() -> corrections.voidEvent(CorrectionRequests.voidEvent(request), CorrectionResponses.VOID));
    }

    @Override
    @RolesAllowed(Scopes.USAGE_WRITE)
    public Uni<AmendEventResponse> amendEvent(AmendEventRequest request) {
        return Uni.createFrom()
                .deferred(() -> corrections.amend(CorrectionRequests.amend(request), CorrectionResponses.AMEND));
    }

    @Override
    @RolesAllowed(Scopes.USAGE_READ)
    public Uni<GetUsageResponse> getUsage(GetUsageRequest request) {
        return Uni.createFrom().deferred(() -> {
            QueryRequests.Usage usage = QueryRequests.usage(request, clock.instant());
            return reads.period(usage.customerId(), usage.featureCode(), usage.periodTime())
                    .map(found -> QueryResponses.usage(found.plan(), found.usage(), usage.featureCode()));
        });
    }

    @Override
    @RolesAllowed(Scopes.USAGE_READ)
    public Uni<ListEventsResponse> listEvents(ListEventsRequest request) {
        return Uni.createFrom().deferred(() -> {
            QueryRequests.Listing listing = QueryRequests.listing(request);
            return reads.events(
                            listing.filter(),
                            listing.afterTime(),
                            listing.afterId(),
                            listing.paging().fetchSize())
                    .map(events -> QueryResponses.events(events, listing));
        });
    }

    @Override
    @RolesAllowed(Scopes.USAGE_READ)
    public Uni<QueryUsageResponse> queryUsage(QueryUsageRequest request) {
        return Uni.createFrom().deferred(() -> {
            QueryRequests.Totals totals = QueryRequests.totals(request);
            return reads.totals(totals.filter(), totals.groupBy())
                    .map(rows -> QueryResponses.groups(rows, totals.groupBy()));
        });
    }
}
