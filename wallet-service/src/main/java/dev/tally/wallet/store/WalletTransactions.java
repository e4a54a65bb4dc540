package dev.tally.wallet.store;

import dev.tally.support.error.TallyException;
import dev.tally.wallet.domain.BalanceBook;
import dev.tally.wallet.domain.Operation;
import dev.tally.wallet.domain.StoredOperation;
import dev.tally.wallet.domain.WalletCommand;
import io.smallrye.mutiny.Uni;
import io.vertx.pgclient.PgException;
import io.vertx.mutiny.sqlclient.Pool;
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
     * @param encoder serialises the result as the response stored for replays
     */
    public <R> Uni<Outcome<R>> apply(WalletCommand<R> command, Function<R, byte[]> encoder) {
        return applyAll(List.of(BatchItem.of(command)), encoder).map(outcomes -> {
            if (outcomes.get(0) instanceof Outcome.Failed<R> failed) {
                throw failed.error();
            }
            return outcomes.get(0);
        });
    }

    /** Applies the items in order in one transaction; one outcome per item, in the same order. */
    public <R> Uni<List<Outcome<R>>> applyAll(List<BatchItem<R>> items, Function<R, byte[]> encoder) {
        return pool.withTransaction(connection -> applyAll(new WalletSession(connection), items, encoder))
                .onFailure(WalletTransactions::isUniqueViolation)
                .recoverWithUni(() -> pool.withTransaction(connection ->
                        applyAll(new WalletSession(connection), items, encoder)));
    }

    private <R> Uni<List<Outcome<R>>> applyAll(WalletSession session, List<BatchItem<R>> items,
                                               Function<R, byte[]> encoder) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Set<String> customers = new TreeSet<>();
        Set<String> creating = new TreeSet<>();
        for (BatchItem<R> item : items) {
            if (item.command() != null) {
                customers.add(item.command().customerId());
                if (item.command().createsWallet()) {
                    creating.add(item.command().customerId());
                }
            }
        }
        Set<OperationKey> keys = new LinkedHashSet<>();
        Set<BalanceKey> balances = new LinkedHashSet<>();
        for (BatchItem<R> item : items) {
            if (item.command() != null) {
                keys.add(keyOf(item.command()));
                balances.add(new BalanceKey(item.command().customerId(), item.command().unit()));
            }
        }
        long t0 = System.nanoTime();
        // Pipelined, and run by PostgreSQL in this order: the reads start once the locks are held.
        return Uni.combine().all()
                .unis(session.createWallets(creating, now), session.lockWallets(customers),
                        session.findOperations(keys), session.loadBooks(balances))
                .with((created, wallets, stored, books) -> new Batch<>(wallets, stored, books, encoder, now))
                .chain(batch -> {
                    long t1 = System.nanoTime();
                    List<Outcome<R>> outcomes = items.stream().map(batch::apply).toList();
                    long t2 = System.nanoTime();
                    return session.save(batch.books.values(), batch.written, now).replaceWith(outcomes)
                            .invoke(() -> { if (items.size() > 100) System.out.printf("TIMING reads=%d decide=%d writes=%d books=%d%n", (t1-t0)/1000000, (t2-t1)/1000000, (System.nanoTime()-t2)/1000000, batch.books.size()); });
                });
    }

    private static OperationKey keyOf(WalletCommand<?> command) {
        return new OperationKey(command.customerId(), command.idempotencyKey());
    }

    private static boolean isUniqueViolation(Throwable failure) {
        return failure instanceof PgException pg && "23505".equals(pg.getSqlState());
    }

    /** The in-memory part of one transaction: decides each item against the locked state. */
    private static final class Batch<R> {

        private final Set<String> wallets;
        private final Map<OperationKey, StoredOperation> records;
        private final Map<BalanceKey, BalanceBook> books;
        private final Function<R, byte[]> encoder;
        private final Instant now;
        private final List<WalletSession.NewOperation> written = new ArrayList<>();

        Batch(Set<String> wallets, Map<OperationKey, StoredOperation> stored, Map<BalanceKey, BalanceBook> books,
              Function<R, byte[]> encoder, Instant now) {
            this.wallets = wallets;
            this.records = new HashMap<>(stored);
            this.books = books;
            this.encoder = encoder;
            this.now = now;
        }

        Outcome<R> apply(BatchItem<R> item) {
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
                    return new Outcome.Replayed<>(record.replayFor(command));
                }
                BalanceBook book = books.computeIfAbsent(new BalanceKey(command.customerId(), command.unit()),
                        k -> BalanceBook.empty(k.customerId(), k.unit()));
                Operation operation = command.operation(UUID.randomUUID(), now);
                R result = command.applyTo(book, operation);
                byte[] fingerprint = command.fingerprint();
                byte[] response = encoder.apply(result);
                records.put(key, new StoredOperation(fingerprint, response));
                written.add(new WalletSession.NewOperation(key, operation.id(), command.kind(), fingerprint, response));
                return new Outcome.Applied<>(result);
            } catch (TallyException refused) {
                return new Outcome.Failed<>(refused);
            }
        }
    }
}
