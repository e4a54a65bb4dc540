package dev.tally.wallet.app;

import com.google.protobuf.BoolValue;
import com.google.protobuf.MessageLite;
import dev.tally.support.error.TallyException;
import dev.tally.support.idempotency.IdempotencyStore;
import dev.tally.support.idempotency.IdempotentBatch;
import dev.tally.support.idempotency.Replies;
import dev.tally.wallet.domain.BalanceBook;
import dev.tally.wallet.domain.BalanceKey;
import dev.tally.wallet.domain.ExpireHoldCommand;
import dev.tally.wallet.domain.Hold;
import dev.tally.wallet.domain.WalletCommand;
import dev.tally.wallet.store.WalletSession;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.vertx.UniHelper;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * Runs wallet commands in database transactions, one per call or per batch, so nothing is ever
 * half-applied:
 * <ol>
 * <li>commands naming a hold or debit without a unit (Release, ReverseDebit) learn its unit;</li>
 * <li>lock every existing wallet concerned (customer order), read the idempotency records
 * ({@link IdempotencyStore#openBatch}) and the balances concerned with what their commands need
 * (pipelined: one round trip);</li>
 * <li>only when a command opens a wallet that does not exist yet: create it, lock it and read the
 * records and its balances again (another writer may have created it meanwhile);</li>
 * <li>per item, in order ({@link WriteBatch}): replay the stored response (same key, same request),
 * refuse a reused key, or let the balance book decide the change and render its response (each
 * balance is loaded once and written once, however many items touch it);</li>
 * <li>write balances, grants, ledger entries, shortfall, holds, crossings and the new idempotency
 * records ({@link IdempotencyStore#closeBatch}); notify.</li>
 * </ol>
 * The statements go out pipelined: a call that opens no wallet is two round trips (the SQL is
 * {@link WalletSession}'s). The wallet lock makes the read of idempotency records race-free; should
 * two first calls with one key still collide on the record's primary key, {@link #retryOnRace} runs
 * the transaction once more, and it replays the record. Once a transaction committed, what it
 * applied is counted ({@link ChangeCounts}).
 */
@ApplicationScoped
public class WalletWrites {

    /** {@code pg_try_advisory_xact_lock} key of the hold expiry run: one replica at a time. */
    static final long HOLD_EXPIRY_LOCK = 0x7461_6c6c_7968_6f6cL;
    /** The service's own changes (hold expiry) answer whether they changed something; nothing is stored. */
    private static final Replies<BoolValue> CHANGED = Replies.of(BoolValue.parser(), changed -> changed);

    private final Pool pool;
    private final Clock clock;
    private final IdempotencyStore records;
    private final BalanceCache cache;
    private final ChangeCounts counts;

    WalletWrites(
            io.vertx.mutiny.sqlclient.Pool pool,
            Clock clock,
            IdempotencyStore records,
            BalanceCache cache,
            ChangeCounts counts) {
        this.pool = pool.getDelegate();
        this.clock = clock;
        this.records = records;
        this.cache = cache;
        this.counts = counts;
    }

    /**
     * Applies one command: its response, or the stored one marked duplicate (a replay); a refused
     * command fails the Uni with its {@link TallyException}.
     *
     * @param respond the response to the command's result (stored for replays): the grpc layer's mapper
     * @param replies how the response is stored and replayed
     */
    public <R, P extends MessageLite> Uni<P> apply(
            WalletCommand<R> command, Function<R, P> respond, Replies<P> replies) {
        List<BatchItem<R>> items = List.of(BatchItem.of(command));
        return Uni.createFrom()
                .deferred(() -> UniHelper.toUni(retryOnRace(items, respond, replies)
                        .map(outcomes -> outcomes.get(0).response())));
    }

    /** Applies the items in order in one transaction; one outcome per item, in the same order. */
    public <R, P extends MessageLite> Uni<List<Outcome<P>>> applyAll(
            List<BatchItem<R>> items, Function<R, P> respond, Replies<P> replies) {
        return Uni.createFrom().deferred(() -> UniHelper.toUni(retryOnRace(items, respond, replies)));
    }

    /**
     * The transaction, run once more when it lost the race for an idempotency key to a concurrent
     * call ({@link IdempotencyStore#isRace}): the second run replays the winner's record. (What
     * {@link IdempotencyStore#retryOnRace} does, on Vert.x futures: no Mutiny stage per call.)
     */
    private <R, P extends MessageLite> Future<List<Outcome<P>>> retryOnRace(
            List<BatchItem<R>> items, Function<R, P> respond, Replies<P> replies) {
        return inTransaction(session -> run(session, items, respond, replies, now()))
                .recover(failure -> records.isRace(failure)
                        ? inTransaction(session -> run(session, items, respond, replies, now()))
                        : Future.failedFuture(failure));
    }

    /**
     * The transaction's instant, in the database's precision (microseconds), so what a book keeps in
     * memory (a debit's default occurred time, the shortfall's times) equals what is stored.
     */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    /**
     * Releases active holds whose expire time has passed, at most {@code limit} per call, in one
     * transaction. Replicas take turns: the transaction first takes a transaction-scoped advisory
     * lock and does nothing when another replica holds it; each hold is re-checked under its
     * wallet's lock, so a hold captured or released meanwhile is left alone.
     *
     * @return the number of holds expired
     */
    public Uni<Integer> expireDueHolds(int limit) {
        Instant now = now();
        return Uni.createFrom()
                .deferred(() -> UniHelper.toUni(inTransaction(session -> session.tryLock(HOLD_EXPIRY_LOCK)
                        .compose(locked -> locked
                                ? session.dueHolds(now, limit)
                                : Future.succeededFuture(List.<ExpireHoldCommand>of()))
                        .compose(due -> {
                            if (due.isEmpty()) {
                                return Future.succeededFuture(0);
                            }
                            List<BatchItem<Hold>> items =
                                    due.stream().map(BatchItem::<Hold>of).toList();
                            return run(session, items, hold -> BoolValue.of(hold != null), CHANGED, now)
                                    .map(outcomes -> (int) outcomes.stream()
                                            .filter(o -> o.reply() != null
                                                    && o.reply().response().getValue())
                                            .count());
                        }))));
    }

    /**
     * Runs {@code work} in one transaction on a connection of the pool: {@code BEGIN} is sent ahead
     * of its first statements; the work commits with its last writes
     * ({@link WalletSession#saveAndCommit}), or it is committed after it; a failure rolls back. The
     * connection goes back to the pool when the transaction has ended. Before the outcome is
     * passed on, the {@link BalanceCache} drops the customers written (also when the commit failed:
     * its outcome may be unknown), so no read after an acknowledged change serves the state before.
     */
    private <T> Future<T> inTransaction(Function<WalletSession, Future<T>> work) {
        return pool.getConnection().compose(connection -> {
            WalletSession session = WalletSession.begin(connection);
            Future<T> done;
            try {
                done = work.apply(session);
            } catch (RuntimeException e) {
                done = Future.failedFuture(e);
            }
            return done.compose(
                            result -> session.commit().map(result),
                            failure -> session.rollback().transform(ignored -> Future.<T>failedFuture(failure)))
                    .andThen(ended -> {
                        cache.invalidate(session.savedCustomers());
                        connection.close();
                    });
        });
    }

    private <R, P extends MessageLite> Future<List<Outcome<P>>> run(
            WalletSession session, List<BatchItem<R>> items, Function<R, P> respond, Replies<P> replies, Instant now) {
        List<WalletSession.Reference> holds = new ArrayList<>();
        List<WalletSession.Reference> debits = new ArrayList<>();
        for (BatchItem<R> item : items) {
            WalletCommand<R> command = item.command();
            if (command != null && command.unit() == null) {
                WalletSession.Reference named = new WalletSession.Reference(
                        command.customerId(),
                        command.needs().holdId() != null
                                ? command.needs().holdId()
                                : command.needs().debitId());
                (command.needs().holdId() != null ? holds : debits).add(named);
            }
        }
        Future<Map<UUID, String>> units =
                holds.isEmpty() && debits.isEmpty() ? Future.succeededFuture(Map.of()) : session.unitsOf(holds, debits);
        return units.compose(known -> {
            WriteBatch<R, P> batch = new WriteBatch<>(items, known, respond, now);
            return lockAndLoad(session, batch, batch.customers(), replies, false)
                    .compose(loaded -> {
                        Set<String> missing = batch.missingWallets();
                        return missing.isEmpty()
                                ? Future.<Void>succeededFuture()
                                : lockAndLoad(session, batch, missing, replies, true);
                    })
                    .compose(loaded -> {
                        List<Outcome<P>> outcomes = batch.decide();
                        return session.saveAndCommit(
                                        batch.books(), now, records.closeBatch(session.records(), batch.records(), now))
                                .map(committed -> {
                                    counts.add(batch.tally());
                                    return outcomes;
                                });
                    });
        });
    }

    /**
     * Locks these customers' wallets (creating them first when {@code create}), reads the
     * idempotency records of every item and these customers' balances, sent together: PostgreSQL
     * runs the reads once the locks are held. With created wallets the records are read again,
     * since their creator may have written some meanwhile (those of wallets locked before cannot
     * change).
     */
    private <P extends MessageLite> Future<Void> lockAndLoad(
            WalletSession session, WriteBatch<?, P> batch, Set<String> customers, Replies<P> replies, boolean create) {
        Future<Void> created = create ? session.createWallets(customers, batch.now()) : Future.succeededFuture();
        Future<Set<String>> locked = session.lockWallets(customers);
        Future<IdempotentBatch<P>> stored = Future.fromCompletionStage(
                records.openBatch(session.records(), batch.keys(), replies).subscribeAsCompletionStage());
        Future<Map<BalanceKey, BalanceBook>> books = session.loadBooks(batch.booksOf(customers));
        return Future.all(created, locked, stored, books).map(read -> {
            batch.loaded(locked.result(), stored.result(), books.result());
            return null;
        });
    }
}
