package dev.tally.catalog.manual;

import dev.tally.catalog.cache.PriceTable;
import dev.tally.catalog.domain.manual.ManualPrice;
import dev.tally.catalog.domain.manual.ManualPriceRule;
import dev.tally.pricing.Model;
import dev.tally.pricing.ModelUpdate;
import dev.tally.pricing.PriceVersion;
import dev.tally.catalog.idempotency.IdempotencyKey;
import dev.tally.catalog.store.CatalogLocks;
import dev.tally.catalog.store.CatalogStore;
import dev.tally.catalog.store.CatalogWriter;
import dev.tally.catalog.store.IdempotencyStore;
import dev.tally.support.error.TallyException;
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
    private final IdempotencyStore keys;
    private final PriceTable table;
    private final Clock clock;

    public ManualPrices(Pool pool, CatalogStore catalog, CatalogWriter writer, IdempotencyStore keys, PriceTable table,
                        Clock clock) {
        this.pool = pool;
        this.catalog = catalog;
        this.writer = writer;
        this.keys = keys;
        this.table = table;
        this.clock = clock;
    }

    /** What a manual price did: the model after it, the version created, and whether the model is new. */
    public record Result(Model model, PriceVersion version, boolean created) {
    }

    /** The response to send, as stored with the idempotency key, and whether it is a replay. */
    public record Reply(byte[] response, boolean duplicate) {
    }

    /**
     * Applies the price; {@code encode} turns the result into the response that is stored with
     * the key. INVALID_ARGUMENT (effective_time, provider, aliases) leaves everything unchanged.
     */
    public Uni<Reply> upsert(ManualPrice price, IdempotencyKey key, Function<Result, byte[]> encode) {
        return pool.withTransaction(tx -> CatalogLocks.catalogWrite(tx)
                        .chain(() -> keys.replayOf(tx, key))
                        .flatMap(stored -> stored != null
                                ? Uni.createFrom().item(new Reply(stored.response(), true))
                                : write(tx, price, key, encode)))
                .call(reply -> reply.duplicate() ? Uni.createFrom().voidItem() : table.refreshAfterWrite());
    }

    private Uni<Reply> write(SqlConnection tx, ManualPrice price, IdempotencyKey key, Function<Result, byte[]> encode) {
        Instant now = clock.instant();
        return catalog.byIdOrAlias(tx, price.modelId())
                .call(existing -> requireFreeAliases(tx, existing == null ? price.modelId() : existing.id(), price.aliases()))
                .flatMap(existing -> {
                    ModelUpdate update = ManualPriceRule.apply(price, existing, now);
                    return writer.apply(tx, List.of(update), null, now)
                            .chain(() -> catalog.byIdOrAlias(tx, update.modelId()))
                            .map(model -> new Result(model, model.latest(), update.create()));
                })
                .flatMap(result -> {
                    byte[] response = encode.apply(result);
                    return keys.insert(tx, key, response, null, now).replaceWith(new Reply(response, false));
                });
    }

    private Uni<Void> requireFreeAliases(SqlConnection tx, String modelId, List<String> aliases) {
        return catalog.namesTakenByOthers(tx, modelId, aliases).invoke(taken -> {
            if (!taken.isEmpty()) {
                throw TallyException.invalid("aliases", "already name other models: " + String.join(", ", taken));
            }
        }).replaceWithVoid();
    }
}
