package dev.tally.wallet.app;

import com.google.protobuf.MessageLite;
import dev.tally.support.error.Reason;
import dev.tally.support.error.TallyException;
import dev.tally.support.idempotency.IdempotentBatch;
import dev.tally.support.idempotency.Reply;
import dev.tally.support.idempotency.RequestKey;
import dev.tally.support.ids.TimeOrderedIds;
import dev.tally.wallet.domain.BalanceBook;
import dev.tally.wallet.domain.BalanceKey;
import dev.tally.wallet.domain.Operation;
import dev.tally.wallet.domain.WalletCommand;
import dev.tally.wallet.store.WalletSession;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;

/**
 * The in-memory part of one write transaction ({@link WalletWrites}): what to lock and load, then
 * each item decided against the locked state, in order. Replays come from the idempotency records
 * read in the transaction; an applied item's response is rendered by {@code respond} (the grpc
 * layer's mapper) and recorded for replays. Each balance is loaded once and changed in one
 * {@link BalanceBook}, however many items touch it.
 *
 * @param <R> the commands' result
 * @param <P> the response stored for replays
 */
final class WriteBatch<R, P extends MessageLite> {

    private final List<BatchItem<R>> items;
    private final Map<UUID, String> units;
    private final Function<R, P> respond;
    private final Instant now;
    private final Set<String> wallets = new TreeSet<>();
    private final Map<BalanceKey, BalanceBook> books = new HashMap<>();
    private final ChangeCounts.Tally tally = new ChangeCounts.Tally();
    private IdempotentBatch<P> records;

    /**
     * @param units the units of the holds and debits named by items without one (by hold or debit id)
     * @param now   the transaction's instant
     */
    WriteBatch(List<BatchItem<R>> items, Map<UUID, String> units, Function<R, P> respond, Instant now) {
        this.items = items;
        this.units = units;
        this.respond = respond;
        this.now = now;
    }

    Instant now() {
        return now;
    }

    /** The customers whose wallets the items change. */
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
            if (balanceOf(item) != null
                    && item.command().createsWallet()
                    && !wallets.contains(item.command().customerId())) {
                missing.add(item.command().customerId());
            }
        });
        return missing;
    }

    /** The idempotency keys of the valid items (the service's own changes have none). */
    Set<RequestKey> keys() {
        Set<RequestKey> keys = new LinkedHashSet<>();
        items.forEach(item -> {
            if (item.key() != null) {
                keys.add(item.key());
            }
        });
        return keys;
    }

    /** The balances of these customers the items change, with what their commands need. */
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

    /** What was read under the locks: the wallets that exist, the idempotency records, the balances. */
    void loaded(Set<String> locked, IdempotentBatch<P> stored, Map<BalanceKey, BalanceBook> read) {
        wallets.addAll(locked);
        records = stored;
        books.putAll(read);
    }

    /** Decides every item, in order: one outcome per item. */
    List<Outcome<P>> decide() {
        return items.stream().map(this::decide).toList();
    }

    /** The balance books, to be saved. */
    Collection<BalanceBook> books() {
        return books.values();
    }

    /** The idempotency records, with those of the items applied now (to be inserted). */
    IdempotentBatch<P> records() {
        return records;
    }

    /** What the items applied now count for the wallet's counters (once the transaction committed). */
    ChangeCounts.Tally tally() {
        return tally;
    }

    /** The balance an item changes; null for an invalid item or a named hold or debit that does not exist. */
    private BalanceKey balanceOf(BatchItem<R> item) {
        WalletCommand<R> command = item.command();
        if (command == null) {
            return null;
        }
        String unit = command.unit() != null
                ? command.unit()
                : units.get(
                        command.needs().holdId() != null
                                ? command.needs().holdId()
                                : command.needs().debitId());
        return unit == null ? null : new BalanceKey(command.customerId(), unit);
    }

    private Outcome<P> decide(BatchItem<R> item) {
        if (item.invalid() != null) {
            return Outcome.refusedWith(item.invalid());
        }
        WalletCommand<R> command = item.command();
        try {
            RequestKey key = item.key();
            Reply<P> replayed = key == null ? null : records.replay(key);
            if (replayed != null) {
                return Outcome.answered(replayed);
            }
            BalanceKey balance = balanceOf(item);
            if (balance == null) {
                throw notFound(command);
            }
            BalanceBook book = books.computeIfAbsent(balance, k -> BalanceBook.empty(k.customerId(), k.unit()));
            Operation operation = command.operation(TimeOrderedIds.next(now), now);
            R result = command.applyTo(book, operation);
            tally.applied(command.kind(), result);
            P response = respond.apply(result);
            String operationId = operation.id().toString();
            if (key != null) {
                records.applied(key, response, operationId);
            }
            return Outcome.answered(new Reply<>(response, false, operationId));
        } catch (TallyException refused) {
            return Outcome.refusedWith(refused);
        }
    }

    private static TallyException notFound(WalletCommand<?> command) {
        boolean hold = command.needs().holdId() != null;
        String id =
                String.valueOf(hold ? command.needs().holdId() : command.needs().debitId());
        return new TallyException(
                Reason.RESOURCE_NOT_FOUND,
                "customer '" + command.customerId() + "' has no " + (hold ? "hold " : "debit ") + id,
                Map.of(hold ? "hold_id" : "debit_id", id));
    }
}
