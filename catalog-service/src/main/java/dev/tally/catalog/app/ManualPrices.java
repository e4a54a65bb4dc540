package dev.tally.catalog.app;

import com.google.protobuf.MessageLite;
import dev.tally.catalog.domain.manual.ManualPrice;
import dev.tally.catalog.domain.manual.ManualPriceRule;
import dev.tally.catalog.store.CatalogLocks;
import dev.tally.catalog.store.CatalogStore;
import dev.tally.catalog.store.CatalogWriter;
import dev.tally.pricing.Model;
import dev.tally.pricing.ModelUpdate;
import dev.tally.pricing.PriceVersion;
import dev.tally.support.error.TallyException;
import dev.tally.support.idempotency.IdempotencyStore;
import dev.tally.support.idempotency.Replies;
import dev.tally.support.idempotency.Reply;
import dev.tally.support.idempotency.RequestKey;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/**
 * UpsertModelPrice: writes a manual price version under the catalog write lock, in one
 * transaction with the idempotency record holding the response; a replay returns that response.
 */
@ApplicationScoped
public class ManualPrices {

    private final Pool pool;
    private final CatalogStore catalog;
    private final CatalogWriter writer;
    private final IdempotencyStore records;
    private final PriceTable table;
    private final Clock clock;

    public ManualPrices(
            Pool pool,
            CatalogStore catalog,
            CatalogWriter writer,
            IdempotencyStore records,
            PriceTable table,
            Clock clock) {
        this.pool = pool;
        this.catalog = catalog;
        this.writer = writer;
        this.records = records;
        this.table = table;
        this.clock = clock;
    }

    /** What a manual price did: the model after it, the version created, and whether the model is new. */
    public record Result(Model model, PriceVersion version, boolean created) {}

    /**
     * Applies the price once per key: {@code respond} turns the result into the response stored
     * with the key, and a replay returns that response marked duplicate ({@code replies}).
     * INVALID_ARGUMENT (effective_time, provider, aliases) and ALREADY_EXISTS (the key was used for
     * another request) leave everything unchanged.
     */
    public <P extends MessageLite> Uni<Reply<P>> upsert(
            ManualPrice price, RequestKey key, Replies<P> replies, Function<Result, P> respond) {
        return records.retryOnRace(() -> pool.withTransaction(tx -> CatalogLocks.catalogWrite(tx)
                        .chain(() -> records.once(
                                tx,
                                key,
                                replies,
                                clock.instant(),
                                () -> write(tx, price).map(respond)))))
                .call(reply -> reply.duplicate() ? Uni.createFrom().voidItem() : table.refreshAfterWrite());
    }

    private Uni<Result> write(SqlConnection tx, ManualPrice price) {
        Instant now = clock.instant();
        return catalog.byIdOrAlias(tx, price.modelId())
                .call(existing ->
                        requireFreeAliases(tx, existing == null ? price.modelId() : existing.id(), price.aliases()))
                .flatMap(existing -> {
                    ModelUpdate update = ManualPriceRule.apply(price, existing, now);
                    return writer.apply(tx, List.of(update), null, now)
                            .chain(() -> catalog.byIdOrAlias(tx, update.modelId()))
                            .map(model -> new Result(model, model.latest(), update.create()));
                });
    }

    private Uni<Void> requireFreeAliases(SqlConnection tx, String modelId, List<String> aliases) {
        return catalog.namesTakenByOthers(tx, modelId, aliases)
                .invoke(taken -> {
                    if (!taken.isEmpty()) {
                        throw TallyException.invalid(
                                "aliases", "already name other models: " + String.join(", ", taken));
                    }
                })
                .replaceWithVoid();
    }
}
