package dev.tally.wallet.store;

import dev.tally.support.error.TallyException;
import dev.tally.wallet.domain.BalanceBook;
import dev.tally.wallet.domain.ExpireHoldCommand;
import dev.tally.wallet.domain.Hold;
import dev.tally.wallet.domain.Ids;
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
 * Runs wallet commands in database transactions, one per call or per batch, so nothing is ever
 * half-applied:
 * <ol>
 * <li>commands naming a hold or debit without a unit (Release, ReverseDebit) learn its unit;</li>
 * <li>lock every existing wallet concerned (customer order), read the idempotency records and the
 * balances concerned with what their commands need (pipelined: one round trip);</li>
 * <li>only when a command opens a wallet that does not exist yet: create it, lock it and read its
 * records and balances again (another writer may have created it meanwhile);</li>
 * <li>per item, in order: replay the stored response (same key, same request), refuse a reused key,
 * or let the balance book decide the change (each balance is loaded once and written once, however
 * many items touch it);</li>
 * <li>write balances, grants, ledger entries, shortfall, holds, crossings and idempotency records;
 * notify.</li>
 * </ol>
 * The wallet lock makes the read of idempotency records race-free; should two first calls with one
 * key still collide on the unique key, the transaction is retried once and then sees the record.
 */
@ApplicationScoped
public class WalletWrites {

    /** {@code pg_try_advisory_xact_lock} key of the hold expiry run: one replica at a time. */
    static final long HOLD_EXPIRY_LOCK = 0x7461_6c6c_7968_6f6cL;

    private final Pool pool;
    private final Clock clock;

    WalletWrites(Pool pool, Clock clock) {
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
        return pool.withTransaction(connection -> run(new WalletSession(connection), items, replies, now()))
                .onFailure(WalletWrites::isUniqueViolation)
                .recoverWithUni(() -> pool.withTransaction(connection ->
                        run(new WalletSession(connection), items, replies, now())));
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
        return pool.withTransaction(connection -> {
            WalletSession session = new WalletSession(connection);
            return session.tryLock(HOLD_EXPIRY_LOCK)
                    .chain(locked -> locked ? session.dueHolds(now, limit)
                            : Uni.createFrom().item(List.<WalletSession.DueHold>of()))
                    .chain(due -> {
                        if (due.isEmpty()) {
                            return Uni.createFrom().item(0);
                        }
                        List<BatchItem<Hold>> items = due.stream()
                                .map(h -> BatchItem.<Hold>of(new ExpireHoldCommand(h.customerId(), h.unit(), h.holdId())))
                                .toList();
                        Replies<Hold, Boolean> expired = new Replies<>(hold -> hold != null, flag -> new byte[0]);
                        return run(session, items, expired, now).map(outcomes -> (int) outcomes.stream()
                                .filter(o -> o instanceof Outcome.Applied<Boolean> a && a.response()).count());
                    });
        });
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private <R, P> Uni<List<Outcome<P>>> run(WalletSession session, List<BatchItem<R>> items, Replies<R, P> replies,
                                             Instant now) {
        List<WalletSession.Reference> holds = new ArrayList<>();
        List<WalletSession.Reference> debits = new ArrayList<>();
        for (BatchItem<R> item : items) {
            WalletCommand<R> command = item.command();
            if (command != null && command.unit() == null) {
                WalletSession.Reference named = new WalletSession.Reference(command.customerId(),
                        command.needs().holdId() != null ? command.needs().holdId() : command.needs().debitId());
                (command.needs().holdId() != null ? holds : debits).add(named);
            }
        }
        Uni<Map<UUID, String>> units = holds.isEmpty() && debits.isEmpty()
                ? Uni.createFrom().item(Map.of())
                : session.unitsOf(holds, debits);
        return units.chain(known -> {
            Batch<R, P> batch = new Batch<>(items, known, replies, now);
            return lockAndLoad(session, batch, batch.customers(), false)
                    .chain(() -> lockAndLoad(session, batch, batch.missingWallets(), true))
                    .chain(() -> {
                        List<Outcome<P>> outcomes = items.stream().map(batch::apply).toList();
                        return session.save(batch.books.values(), batch.written, now).replaceWith(outcomes);
                    });
        });
    }

    /**
     * Locks these customers' wallets (creating them first when {@code create}) and reads their
     * idempotency records and balances, pipelined: PostgreSQL runs the reads once the locks are held.
     */
    private static Uni<Void> lockAndLoad(WalletSession session, Batch<?, ?> batch, Set<String> customers,
                                         boolean create) {
        if (customers.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Uni.combine().all()
                .unis(create ? session.createWallets(customers, batch.now) : Uni.createFrom().voidItem(),
                        session.lockWallets(customers), session.findOperations(batch.keysOf(customers)),
                        session.loadBooks(batch.booksOf(customers)))
                .asTuple()
                .invoke(read -> batch.loaded(read.getItem2(), read.getItem3(), read.getItem4()))
                .replaceWithVoid();
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

    /** The in-memory part of one transaction: what to load, and each item decided against the locked state. */
    private static final class Batch<R, P> {

        private final List<BatchItem<R>> items;
        private final Map<UUID, String> units;
        private final Replies<R, P> replies;
        private final Instant now;
        private final Set<String> wallets = new TreeSet<>();
        private final Map<OperationKey, StoredOperation> records = new HashMap<>();
        private final Map<BalanceKey, BalanceBook> books = new HashMap<>();
        private final List<WalletSession.NewOperation> written = new ArrayList<>();

        Batch(List<BatchItem<R>> items, Map<UUID, String> units, Replies<R, P> replies, Instant now) {
            this.items = items;
            this.units = units;
            this.replies = replies;
            this.now = now;
        }

        Set<String> customers() {
            Set<String> customers = new TreeSet<>();
            items.forEach(item -> {
                if (balanceOf(item) != null) {
                    customers.add(item.command().customerId());
                }
            });
            return customers;
        }

        /** Customers whose wallet does not exist and a command opens it. */
        Set<String> missingWallets() {
            Set<String> missing = new TreeSet<>();
            items.forEach(item -> {
                if (balanceOf(item) != null && item.command().createsWallet()
                        && !wallets.contains(item.command().customerId())) {
                    missing.add(item.command().customerId());
                }
            });
            return missing;
        }

        Set<OperationKey> keysOf(Set<String> customers) {
            Set<OperationKey> keys = new LinkedHashSet<>();
            items.forEach(item -> {
                if (balanceOf(item) != null && customers.contains(item.command().customerId())
                        && item.command().idempotencyKey() != null) {
                    keys.add(keyOf(item.command()));
                }
            });
            return keys;
        }

        List<WalletSession.Book> booksOf(Set<String> customers) {
            List<WalletSession.Book> wanted = new ArrayList<>();
            items.forEach(item -> {
                BalanceKey key = balanceOf(item);
                if (key != null && customers.contains(key.customerId())) {
                    wanted.add(new WalletSession.Book(key, item.command().needs()));
                }
            });
            return wanted;
        }

        void loaded(Set<String> locked, Map<OperationKey, StoredOperation> stored, Map<BalanceKey, BalanceBook> read) {
            wallets.addAll(locked);
            records.putAll(stored);
            books.putAll(read);
        }

        /** The balance an item changes; null for an invalid item or a named hold or debit that does not exist. */
        private BalanceKey balanceOf(BatchItem<R> item) {
            WalletCommand<R> command = item.command();
            if (command == null) {
                return null;
            }
            String unit = command.unit() != null ? command.unit()
                    : units.get(command.needs().holdId() != null ? command.needs().holdId() : command.needs().debitId());
            return unit == null ? null : new BalanceKey(command.customerId(), unit);
        }

        Outcome<P> apply(BatchItem<R> item) {
            if (item.invalid() != null) {
                return new Outcome.Failed<>(item.invalid());
            }
            WalletCommand<R> command = item.command();
            try {
                String key = command.idempotencyKey();
                StoredOperation record = key == null ? null : records.get(keyOf(command));
                if (record != null) {
                    return new Outcome.Replayed<>(record.replayFor(item.fingerprint(), key));
                }
                BalanceKey balance = balanceOf(item);
                if (balance == null) {
                    throw notFound(command);
                }
                BalanceBook book = books.computeIfAbsent(balance, k -> BalanceBook.empty(k.customerId(), k.unit()));
                Operation operation = command.operation(Ids.next(now), now);
                P response = replies.respond().apply(command.applyTo(book, operation));
                if (key != null) {
                    byte[] stored = replies.serialise().apply(response);
                    records.put(keyOf(command), new StoredOperation(item.fingerprint(), stored));
                    written.add(new WalletSession.NewOperation(keyOf(command), operation.id(), command.kind(),
                            item.fingerprint(), stored));
                }
                return new Outcome.Applied<>(response);
            } catch (TallyException refused) {
                return new Outcome.Failed<>(refused);
            }
        }

        private static OperationKey keyOf(WalletCommand<?> command) {
            return new OperationKey(command.customerId(), command.idempotencyKey());
        }

        private static TallyException notFound(WalletCommand<?> command) {
            boolean hold = command.needs().holdId() != null;
            String id = String.valueOf(hold ? command.needs().holdId() : command.needs().debitId());
            return TallyException.notFound("RESOURCE_NOT_FOUND",
                    "customer '" + command.customerId() + "' has no " + (hold ? "hold " : "debit ") + id,
                    Map.of(hold ? "hold_id" : "debit_id", id));
        }
    }
}
