package dev.tally.wallet.store;

import dev.tally.support.error.TallyException;
import dev.tally.wallet.domain.BalanceBook;
import dev.tally.wallet.domain.Operation;
import dev.tally.wallet.domain.StoredOperation;
import dev.tally.wallet.domain.WalletCommand;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;

/**
 * Runs wallet commands, one transaction per call or per batch, so nothing is ever half-applied:
 * <ol>
 * <li>create the wallets of commands that create them; lock every wallet concerned (customer
 * order);</li>
 * <li>read the idempotency records and the balances concerned;</li>
 * <li>per item, in order: replay the stored response (same key, same request), refuse a reused key,
 * or let the balance book decide the change (each balance is loaded once and written once, however
 * many items touch it);</li>
 * <li>write balances, grants, ledger entries, crossings and idempotency records; notify.</li>
 * </ol>
 * The wallet lock makes the read of idempotency records race-free; should two first calls with one
 * key still collide on the unique key, the transaction is retried once and then sees the record.
 */
@ApplicationScoped
public class WalletTransactions {

    private final Pool pool;
    private final Clock clock;

    WalletTransactions(Pool pool, Clock clock) {
        this.pool = pool;
        this.clock = clock;
    }

    /**
     * Applies one command; a refused command fails the Uni with its {@link TallyException}.
     *
     * @param replies the response to a result and its serialised form, stored for replays
     */
    public <R, P> Uni<Outcome<P>> apply(WalletCommand<R> command, Replies<R, P> replies) {
        return applyAll(List.of(BatchItem.of(command)), replies).map(outcomes -> {
            if (outcomes.get(0) instanceof Outcome.Failed<P> failed) {
                throw failed.error();
            }
            return outcomes.get(0);
        });
    }

    /** Applies the items in order in one transaction; one outcome per item, in the same order. */
    public <R, P> Uni<List<Outcome<P>>> applyAll(List<BatchItem<R>> items, Replies<R, P> replies) {
        return pool.withTransaction(connection -> applyAll(new WalletSession(connection), items, replies))
                .onFailure(WalletTransactions::isUniqueViolation)
                .recoverWithUni(() -> pool.withTransaction(connection ->
                        applyAll(new WalletSession(connection), items, replies)));
    }

    private <R, P> Uni<List<Outcome<P>>> applyAll(WalletSession session, List<BatchItem<R>> items,
                                                  Replies<R, P> replies) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Set<String> customers = new TreeSet<>();
        Set<String> creating = new TreeSet<>();
        Set<OperationKey> keys = new LinkedHashSet<>();
        Set<BalanceKey> balances = new LinkedHashSet<>();
        for (BatchItem<R> item : items) {
            WalletCommand<R> command = item.command();
            if (command != null) {
                customers.add(command.customerId());
                if (command.createsWallet()) {
                    creating.add(command.customerId());
                }
                keys.add(keyOf(command));
                balances.add(new BalanceKey(command.customerId(), command.unit()));
            }
        }
        // Pipelined, and run by PostgreSQL in this order: the reads start once the locks are held.
        return Uni.combine().all()
                .unis(session.createWallets(creating, now), session.lockWallets(customers),
                        session.findOperations(keys), session.loadBooks(balances))
                .with((created, wallets, stored, books) -> new Batch<>(wallets, stored, books, replies, now))
                .chain(batch -> {
                    List<Outcome<P>> outcomes = items.stream().map(batch::apply).toList();
                    return session.save(batch.books.values(), batch.written, now).replaceWith(outcomes);
                });
    }

    private static OperationKey keyOf(WalletCommand<?> command) {
        return new OperationKey(command.customerId(), command.idempotencyKey());
    }

    private static boolean isUniqueViolation(Throwable failure) {
        return failure instanceof PgException pg && "23505".equals(pg.getSqlState());
    }

    /**
     * What a call answers: the response to a result, and its serialised form stored for replays.
     *
     * @param <R> the domain result
     * @param <P> the response
     */
    public record Replies<R, P>(Function<R, P> respond, Function<P, byte[]> serialise) {
    }

    /** The in-memory part of one transaction: decides each item against the locked state. */
    private static final class Batch<R, P> {

        private final Set<String> wallets;
        private final Map<OperationKey, StoredOperation> records;
        private final Map<BalanceKey, BalanceBook> books;
        private final Replies<R, P> replies;
        private final Instant now;
        private final List<WalletSession.NewOperation> written = new ArrayList<>();

        Batch(Set<String> wallets, Map<OperationKey, StoredOperation> stored, Map<BalanceKey, BalanceBook> books,
              Replies<R, P> replies, Instant now) {
            this.wallets = wallets;
            this.records = new HashMap<>(stored);
            this.books = books;
            this.replies = replies;
            this.now = now;
        }

        Outcome<P> apply(BatchItem<R> item) {
            if (item.invalid() != null) {
                return new Outcome.Failed<>(item.invalid());
            }
            WalletCommand<R> command = item.command();
            try {
                if (!wallets.contains(command.customerId())) {
                    throw TallyException.notFound("WALLET_NOT_FOUND",
                            "customer '" + command.customerId() + "' has no wallet",
                            Map.of("customer_id", command.customerId()));
                }
                OperationKey key = keyOf(command);
                StoredOperation record = records.get(key);
                if (record != null) {
                    return new Outcome.Replayed<>(record.replayFor(item.fingerprint(), command.idempotencyKey()));
                }
                BalanceBook book = books.computeIfAbsent(new BalanceKey(command.customerId(), command.unit()),
                        k -> BalanceBook.empty(k.customerId(), k.unit()));
                Operation operation = command.operation(UUID.randomUUID(), now);
                P response = replies.respond().apply(command.applyTo(book, operation));
                byte[] stored = replies.serialise().apply(response);
                records.put(key, new StoredOperation(item.fingerprint(), stored));
                written.add(new WalletSession.NewOperation(key, operation.id(), command.kind(), item.fingerprint(), stored));
                return new Outcome.Applied<>(response);
            } catch (TallyException refused) {
                return new Outcome.Failed<>(refused);
            }
        }
    }
}
