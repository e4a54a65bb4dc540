package dev.tally.catalog.grpc;

import dev.tally.catalog.app.ManualPrices;
import dev.tally.catalog.app.PriceTable;
import dev.tally.catalog.app.SyncAdmin;
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
import dev.tally.catalog.v1.ListSyncChangesRequest;
import dev.tally.catalog.v1.ListSyncChangesResponse;
import dev.tally.catalog.v1.MutinyCatalogServiceGrpc;
import dev.tally.catalog.v1.QuoteCostRequest;
import dev.tally.catalog.v1.QuoteCostResponse;
import dev.tally.catalog.v1.SyncNowRequest;
import dev.tally.catalog.v1.SyncNowResponse;
import dev.tally.catalog.v1.UpsertModelPriceRequest;
import dev.tally.catalog.v1.UpsertModelPriceResponse;
import dev.tally.catalog.v1.WatchPriceChangesRequest;
import dev.tally.catalog.v1.WatchPriceChangesResponse;
import dev.tally.support.auth.Scopes;
import dev.tally.support.idempotency.Reply;
import dev.tally.support.server.ShutdownSignal;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import java.time.Clock;
import java.util.Optional;

/**
 * The catalog's gRPC API ({@code tally.catalog.v1.CatalogService}), thin: each RPC checks its
 * request into a domain call ({@code *Requests}), runs it (price table, manual prices, sync
 * admin) and maps the result ({@code *Responses}). Reads are answered from the in-memory price
 * table without touching the database.
 */
@GrpcService
public class CatalogGrpcService extends MutinyCatalogServiceGrpc.CatalogServiceImplBase {

    private static final int WATCH_CHUNK = 200;

    private final PriceTable table;
    private final ManualPrices manualPrices;
    private final SyncAdmin sync;
    private final Clock clock;
    private final ShutdownSignal shutdown;

    public CatalogGrpcService(
            PriceTable table, ManualPrices manualPrices, SyncAdmin sync, Clock clock, ShutdownSignal shutdown) {
        this.table = table;
        this.manualPrices = manualPrices;
        this.sync = sync;
        this.clock = clock;
        this.shutdown = shutdown;
    }

    @Override
    @RolesAllowed(Scopes.CATALOG_READ)
    public Uni<ListModelsResponse> listModels(ListModelsRequest request) {
        return Uni.createFrom().item(() -> {
            PriceRequests.Listing listing = PriceRequests.listing(request);
            return PriceResponses.page(
                    table.current()
                            .list(
                                    listing.filter(),
                                    listing.paging().after(),
                                    listing.paging().fetchSize()),
                    listing,
                    clock.instant());
        });
    }

    @Override
    @RolesAllowed(Scopes.CATALOG_READ)
    public Uni<GetModelResponse> getModel(GetModelRequest request) {
        return Uni.createFrom()
                .item(() -> PriceResponses.modelWithHistory(
                        table.current().resolve(PriceRequests.model(request)), clock.instant()))
                .onFailure()
                .transform(CatalogErrors::toApi);
    }

    @Override
    @RolesAllowed(Scopes.CATALOG_READ)
    public Uni<QuoteCostResponse> quoteCost(QuoteCostRequest request) {
        return Uni.createFrom()
                .item(() -> {
                    QuoteRequests.QuoteQuery query = QuoteRequests.quote(request, clock.instant());
                    return QuoteResponses.quote(table.current().quote(query.model(), query.counts(), query.at()));
                })
                .onFailure()
                .transform(CatalogErrors::toApi);
    }

    @Override
    @RolesAllowed(Scopes.CATALOG_ADMIN)
    public Uni<UpsertModelPriceResponse> upsertModelPrice(UpsertModelPriceRequest request) {
        return Uni.createFrom()
                .item(() -> PriceRequests.upsert(request))
                .flatMap(upsert -> manualPrices.upsert(
                        upsert.price(),
                        upsert.key(),
                        PriceResponses.UPSERT_MODEL_PRICE,
                        result -> PriceResponses.upserted(result, clock.instant())))
                .map(Reply::response);
    }

    @Override
    @RolesAllowed(Scopes.CATALOG_ADMIN)
    public Uni<SyncNowResponse> syncNow(SyncNowRequest request) {
        return Uni.createFrom()
                .item(() -> SyncRequests.syncNow(request))
                .flatMap(call -> sync.syncNow(call.format(), call.returnImmediately(), call.key()))
                .map(SyncResponses::syncNow);
    }

    @Override
    @RolesAllowed(Scopes.CATALOG_READ)
    public Uni<GetSyncStatusResponse> getSyncStatus(GetSyncStatusRequest request) {
        return Uni.createFrom()
                .item(() -> Optional.ofNullable(SyncRequests.status(request)))
                .flatMap(runId -> sync.status(runId.orElse(null)))
                .map(SyncResponses::status);
    }

    @Override
    @RolesAllowed(Scopes.CATALOG_READ)
    public Uni<ListSyncChangesResponse> listSyncChanges(ListSyncChangesRequest request) {
        return Uni.createFrom()
                .item(() -> SyncRequests.listChanges(request))
                .flatMap(call -> sync.changes(
                                call.runId(),
                                call.filter(),
                                call.paging().after(),
                                call.paging().fetchSize())
                        .map(listing -> SyncResponses.changes(listing, call)));
    }

    @Override
    @RolesAllowed(Scopes.CATALOG_ADMIN)
    public Uni<ApplyHeldSyncResponse> applyHeldSync(ApplyHeldSyncRequest request) {
        return Uni.createFrom()
                .item(() -> SyncRequests.applyHeld(request))
                .flatMap(call -> sync.applyHeld(call.runId(), call.note(), call.key()))
                .map(SyncResponses::applyHeld);
    }

    @Override
    @RolesAllowed(Scopes.CATALOG_ADMIN)
    public Uni<DiscardHeldSyncResponse> discardHeldSync(DiscardHeldSyncRequest request) {
        return Uni.createFrom()
                .item(() -> SyncRequests.discardHeld(request))
                .flatMap(call -> sync.discardHeld(call.runId(), call.note(), call.key()))
                .map(SyncResponses::discardHeld);
    }

    @Override
    @RolesAllowed(Scopes.CATALOG_READ)
    public Multi<WatchPriceChangesResponse> watchPriceChanges(WatchPriceChangesRequest request) {
        return shutdown.endOnShutdown(Multi.createFrom().deferred(() -> {
            PriceRequests.Watch watch = PriceRequests.watch(request, clock.instant());
            return table.watch(watch.includeInactive(), WATCH_CHUNK)
                    .map(event -> PriceResponses.change(event, watch.historySince(), clock.instant()));
        }));
    }
}
