package dev.tally.wallet.domain;

import dev.tally.support.ids.TimeOrderedIds;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Helpers of the worked-example tests: books, operations at a given instant, decimals. */
final class Books {

    /** The late-grant limit of the examples (the service's default). */
    static final Duration LATE_LIMIT = Duration.ofDays(7);

    private Books() {}

    /** A stored, empty CREDITS balance at version 3 that loads everything a command may need. */
    static BalanceBook credits() {
        return BalanceBook.of(
                new BalanceView(
                        "c1",
                        "CREDITS",
                        BigDecimal.ZERO,
                        BigDecimal.ZERO,
                        BigDecimal.ZERO,
                        3,
                        null,
                        Instant.EPOCH,
                        List.of(),
                        ShortfallTimes.NONE,
                        Instant.EPOCH),
                new BalanceBook.Loaded(List.of(), Map.of(), Map.of()));
    }

    /**
     * The book as the store would load it in a new transaction at {@code now}: its open grants, its
     * outstanding shortfall and the named debits as the ledger records them.
     */
    static BalanceBook reload(BalanceBook book, Instant now, UUID... debitIds) {
        Map<UUID, Grant> grants = new HashMap<>();
        book.createdGrants().forEach(g -> grants.put(g.id(), g));
        book.updatedGrants().forEach(g -> grants.put(g.id(), g));
        List<Shortfall> outstanding = new ArrayList<>();
        book.createdShortfalls().forEach(s -> outstanding.add(s));
        book.updatedShortfalls().forEach(s -> outstanding.add(s));
        Map<UUID, DebitRecord> debits = new HashMap<>();
        for (UUID debitId : debitIds) {
            debits.put(
                    debitId,
                    DebitRecord.of(
                            debitId,
                            book.entries(),
                            grants,
                            book.reversals().stream().anyMatch(r -> r.debitId().equals(debitId))));
        }
        return BalanceBook.of(
                book.view(now),
                new BalanceBook.Loaded(
                        outstanding.stream()
                                .filter(s -> s.outstanding().signum() > 0)
                                .toList(),
                        Map.of(),
                        debits));
    }

    static Operation at(Instant at) {
        return new Operation(TimeOrderedIds.next(at), "key-" + UUID.randomUUID(), "ref", null, Map.of(), at);
    }

    static Operation at(String instant) {
        return at(Instant.parse(instant));
    }

    static Instant t(String instant) {
        return Instant.parse(instant);
    }

    static BigDecimal dec(String value) {
        return new BigDecimal(value);
    }
}
