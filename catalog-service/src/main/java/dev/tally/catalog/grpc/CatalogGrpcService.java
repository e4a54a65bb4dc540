package dev.tally.catalog.grpc;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.tally.catalog.cache.CatalogEvent;
import dev.tally.catalog.cache.PriceTable;
import dev.tally.pricing.lookup.ModelFilter;
import dev.tally.catalog.domain.manual.ManualPriceDraft;
import dev.tally.catalog.domain.manual.ManualPriceRule;
import dev.tally.pricing.Model;
import dev.tally.pricing.TokenCounts;
import dev.tally.catalog.domain.sync.SourceFormat;
import dev.tally.catalog.idempotency.IdempotencyKey;
import dev.tally.catalog.job.ScheduledSync;
import dev.tally.catalog.manual.ManualPrices;
import dev.tally.catalog.sync.SyncAdmin;
import dev.tally.catalog.v1.ApplyHeldSyncRequest;
import dev.tally.catalog.v1.ApplyHeldSyncResponse;
import dev.tally.catalog.v1.DiscardHeldSyncRequest;
import dev.tally.catalog.v1.DiscardHeldSyncResponse;
import dev.tally.catalog.v1.GetModelRequest;
import dev.tally.catalog.v1.GetModelResponse;
import dev.tally.catalog.v1.GetSyncStatusRequest;
import dev.tally.catalog.v1.GetSyncStatusResponse;
import dev.tally.catalog.v1.ListModelsRequest;
import dev.tally.catalog.v1.ListModelsResponse;
import dev.tally.catalog.v1.MutinyCatalogServiceGrpc;
import dev.tally.catalog.v1.PriceChangeKind;
import dev.tally.catalog.v1.QuoteCostRequest;
import dev.tally.catalog.v1.QuoteCostResponse;
import dev.tally.catalog.v1.SyncNowRequest;
import dev.tally.catalog.v1.SyncNowResponse;
import dev.tally.catalog.v1.UpsertModelPriceRequest;
import dev.tally.catalog.v1.UpsertModelPriceResponse;
import dev.tally.catalog.v1.WatchPriceChangesRequest;
import dev.tally.catalog.v1.WatchPriceChangesResponse;
import dev.tally.support.error.Violations;
import io.quarkus.grpc.GrpcService;
import io.quarkus.scheduler.Scheduler;
import io.quarkus.scheduler.Trigger;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * The catalog's gRPC API ({@code tally.catalog.v1.CatalogService}): checks and maps requests and
 * responses; the rules live in the domain, the work in the price table, manual prices and sync
 * services. Reads are answered from the in-memory price table without touching the database.
 */
@GrpcService
public class CatalogGrpcService extends MutinyCatalogServiceGrpc.CatalogServiceImplBase {

    private static final int DEFAULT_PAGE_SIZE = 100;
    private static final int MAX_PAGE_SIZE = 1000;
    private static final int WATCH_CHUNK = 200;

    private final PriceTable table;
    private final ManualPrices manualPrices;
    private final SyncAdmin sync;
    private final Scheduler scheduler;
    private final Clock clock;

    public CatalogGrpcService(PriceTable table, ManualPrices manualPrices, SyncAdmin sync, Scheduler scheduler, Clock clock) {
        this.table = table;
        this.manualPrices = manualPrices;
        this.sync = sync;
        this.scheduler = scheduler;
        this.clock = clock;
    }

    @Override
    public Uni<ListModelsResponse> listModels(ListModelsRequest request) {
        return Uni.createFrom().item(() -> {
            Violations violations = new Violations();
            violations.check(request.getPageSize() < 0, "page_size", "must not be negative");
            String afterId = RequestIds.afterId(request.getPageToken(), violations);
            violations.throwIfAny();
            int size = request.getPageSize() == 0 ? DEFAULT_PAGE_SIZE : Math.min(request.getPageSize(), MAX_PAGE_SIZE);
            ModelFilter filter = new ModelFilter(request.getProvider(), request.getMode(), request.getIncludeInactive());
            return PriceMessages.page(table.current().list(filter, afterId, size), clock.instant());
        });
    }

    @Override
    public Uni<GetModelResponse> getModel(GetModelRequest request) {
        return Uni.createFrom().item(() -> {
            new Violations().requireNonBlank(request.getModel(), "model").throwIfAny();
            Model model = table.current().resolve(request.getModel());
            return GetModelResponse.newBuilder().setModel(PriceMessages.model(model, clock.instant()))
                    .addAllPriceHistory(PriceMessages.history(model)).build();
        }).onFailure().transform(CatalogErrors::toApi);
    }

    @Override
    public Uni<QuoteCostResponse> quoteCost(QuoteCostRequest request) {
        return Uni.createFrom().item(() -> {
            Violations violations = new Violations().requireNonBlank(request.getModel(), "model");
            Instant at = request.hasOccurredTime()
                    ? ProtoTime.instant(request.getOccurredTime(), "occurred_time", violations) : clock.instant();
            TokenCounts counts = QuoteMessages.counts(request.getTokens(), "tokens", violations);
            return QuoteMessages.response(table.current().quote(request.getModel(), counts, at));
        }).onFailure().transform(CatalogErrors::toApi);
    }

    @Override
    public Uni<UpsertModelPriceResponse> upsertModelPrice(UpsertModelPriceRequest request) {
        return Uni.createFrom().item(() -> {
            Violations violations = new Violations();
            IdempotencyKey.validate(request.getIdempotencyKey(), violations);
            Instant from = request.hasEffectiveTime()
                    ? ProtoTime.instant(request.getEffectiveTime(), "effective_time", violations) : null;
            ManualPriceDraft draft = new ManualPriceDraft(request.getModelId(), request.getProvider(), request.getMode(),
                    request.getAliasesList(), request.getCurrencyCode(), PriceMessages.rateTexts(request.getRates()),
                    request.getCostPerRequest(), request.getLongContextTiersList().stream()
                    .map(t -> new ManualPriceDraft.TierDraft(t.getThresholdTokens(), PriceMessages.rateTexts(t.getRates())))
                    .toList(), from);
            return ManualPriceRule.check(draft, violations);
        }).flatMap(price -> manualPrices.upsert(price, RequestIds.key(request.getIdempotencyKey(), "UpsertModelPrice",
                        request.toBuilder().clearIdempotencyKey().build()),
                result -> UpsertModelPriceResponse.newBuilder()
                        .setModel(PriceMessages.model(result.model(), clock.instant()))
                        .setPriceVersion(PriceMessages.version(result.version()))
                        .setModelCreated(result.created())
                        .build().toByteArray()))
                .map(reply -> parse(reply.response()).toBuilder().setDuplicate(reply.duplicate()).build());
    }

    @Override
    public Uni<SyncNowResponse> syncNow(SyncNowRequest request) {
        return Uni.createFrom().item(() -> {
            Violations violations = new Violations();
            IdempotencyKey.validate(request.getIdempotencyKey(), violations);
            var format = SyncMessages.format(request.getSourceFormat(), violations);
            violations.throwIfAny();
            return format == null ? Optional.<SourceFormat>empty() : Optional.of(format);
        }).flatMap(format -> sync.syncNow(format.orElse(null), request.getReturnImmediately(),
                        RequestIds.key(request.getIdempotencyKey(), "SyncNow", request.toBuilder().clearIdempotencyKey().build())))
                .map(outcome -> SyncNowResponse.newBuilder().setReport(SyncMessages.report(outcome.run()))
                        .setDuplicate(outcome.duplicate()).build());
    }

    @Override
    public Uni<GetSyncStatusResponse> getSyncStatus(GetSyncStatusRequest request) {
        return Uni.createFrom().item(() -> {
            Violations violations = new Violations();
            UUID runId = RequestIds.syncRunId(request.getSyncRunId(), false, violations);
            violations.throwIfAny();
            return Optional.ofNullable(runId);
        }).flatMap(runId -> sync.status(runId.orElse(null)))
                .flatMap(run -> sync.pendingHeld().map(held -> {
                    GetSyncStatusResponse.Builder b = GetSyncStatusResponse.newBuilder().setReport(SyncMessages.report(run));
                    if (held != null) {
                        b.setPendingHeld(SyncMessages.report(held));
                    }
                    Trigger job = scheduler.getScheduledJob(ScheduledSync.JOB);
                    if (job != null && job.getNextFireTime() != null) {
                        b.setNextScheduleTime(ProtoTime.of(job.getNextFireTime()));
                    }
                    return b.build();
                }));
    }

    @Override
    public Uni<ApplyHeldSyncResponse> applyHeldSync(ApplyHeldSyncRequest request) {
        return Uni.createFrom().item(() -> heldRunId(request.getSyncRunId(), request.getIdempotencyKey()))
                .flatMap(runId -> sync.applyHeld(runId, request.getNote(),
                        RequestIds.key(request.getIdempotencyKey(), "ApplyHeldSync", request.toBuilder().clearIdempotencyKey().build())))
                .map(outcome -> ApplyHeldSyncResponse.newBuilder().setReport(SyncMessages.report(outcome.run()))
                        .setDuplicate(outcome.duplicate()).build());
    }

    @Override
    public Uni<DiscardHeldSyncResponse> discardHeldSync(DiscardHeldSyncRequest request) {
        return Uni.createFrom().item(() -> heldRunId(request.getSyncRunId(), request.getIdempotencyKey()))
                .flatMap(runId -> sync.discardHeld(runId, request.getNote(),
                        RequestIds.key(request.getIdempotencyKey(), "DiscardHeldSync", request.toBuilder().clearIdempotencyKey().build())))
                .map(outcome -> DiscardHeldSyncResponse.newBuilder().setReport(SyncMessages.report(outcome.run()))
                        .setDuplicate(outcome.duplicate()).build());
    }

    @Override
    public Multi<WatchPriceChangesResponse> watchPriceChanges(WatchPriceChangesRequest request) {
        return Multi.createFrom().deferred(() -> {
            Violations violations = new Violations();
            Instant since = request.hasHistorySince()
                    ? ProtoTime.instant(request.getHistorySince(), "history_since", violations) : null;
            violations.check(since != null && since.isAfter(clock.instant()), "history_since", "must not be in the future");
            violations.throwIfAny();
            return table.watch(request.getIncludeInactive(), WATCH_CHUNK).map(event -> watchMessage(event, since));
        });
    }

    private WatchPriceChangesResponse watchMessage(CatalogEvent event, Instant since) {
        Instant now = clock.instant();
        WatchPriceChangesResponse.Builder b = WatchPriceChangesResponse.newBuilder()
                .setKind(PriceChangeKind.valueOf("PRICE_CHANGE_KIND_" + event.kind().name()))
                .setRevision(event.revision());
        event.models().forEach(m -> b.addModels(PriceMessages.modelPrices(m, since == null ? now : since, now)));
        if (event.syncRunId() != null) {
            b.setSyncRunId(event.syncRunId().toString());
        }
        return b.build();
    }

    private static UUID heldRunId(String runId, String idempotencyKey) {
        Violations violations = new Violations();
        UUID id = RequestIds.syncRunId(runId, true, violations);
        IdempotencyKey.validate(idempotencyKey, violations);
        violations.throwIfAny();
        return id;
    }

    private static UpsertModelPriceResponse parse(byte[] stored) {
        try {
            return UpsertModelPriceResponse.parseFrom(stored);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("stored response is not an UpsertModelPriceResponse", e);
        }
    }
}
