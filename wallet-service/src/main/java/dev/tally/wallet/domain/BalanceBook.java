package dev.tally.wallet.domain;

import dev.tally.support.error.TallyException;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.ListIterator;
import java.util.Map;
import java.util.UUID;

/**
 * One balance of a wallet (a customer and a unit) while a transaction holds the wallet's lock:
 * the one place where every change of a balance is decided.
 * <ul>
 * <li>{@link #debit}: consumes live grants in {@link GrantOrder#CONSUMPTION}; what they do not
 * cover is a shortfall, owed and shown as a negative available balance, never dropped.</li>
 * <li>{@link #grant}: adds a grant, which first pays off the shortfall.</li>
 * <li>{@link #expire}: removes the remainder of grants expiring by a given instant.</li>
 * <li>{@link #settle}: clears shortfall billed elsewhere.</li>
 * <li>{@link #setThreshold}: sets the low-balance threshold.</li>
 * </ul>
 * Every change appends ledger entries carrying the balance after them and raises the version by
 * one; a change taking the available balance from at or above the threshold to below it records a
 * {@link LowBalanceCrossing}. Checks come before any mutation, so a failed call changes nothing.
 * The store loads a book, applies calls, then writes what {@link #entries()},
 * {@link #createdGrants()}, {@link #updatedGrants()} and {@link #crossings()} report.
 */
public final class BalanceBook {

    private final String customerId;
    private final String unit;
    private final boolean stored;
    private BigDecimal granted;
    private BigDecimal shortfall;
    private long version;
    private BigDecimal threshold;
    private Instant updatedAt;
    /** Live grants in consumption order. */
    private final List<Grant> live;
    private final Map<UUID, Grant> created = new LinkedHashMap<>();
    private final Map<UUID, Grant> updated = new LinkedHashMap<>();
    private final List<LedgerEntry> entries = new ArrayList<>();
    private final List<LowBalanceCrossing> crossings = new ArrayList<>();
    private boolean changed;

    private BalanceBook(BalanceView view, boolean stored) {
        this.customerId = view.customerId();
        this.unit = view.unit();
        this.stored = stored;
        this.granted = view.granted();
        this.shortfall = view.shortfall();
        this.version = view.version();
        this.threshold = view.threshold();
        this.updatedAt = view.updatedAt();
        this.live = new ArrayList<>(view.grants().stream().filter(Grant::isLive).toList());
    }

    /** A stored balance with its live grants. */
    public static BalanceBook of(BalanceView stored) {
        return new BalanceBook(stored, true);
    }

    /** A unit the wallet has never held (zero, version 0). */
    public static BalanceBook empty(String customerId, String unit) {
        return new BalanceBook(BalanceView.empty(customerId, unit), false);
    }

    /**
     * Takes {@code amount} from the balance. Worked example (grants in consumption order: promo
     * 100, subscription 1000, pack 500; available 1600): debit 1200 takes promo 100 (1200 - 100 =
     * 1100 left to cover), subscription 1000 (1100 - 1000 = 100), pack 100 (100 - 100 = 0): covered
     * 1200, shortfall 0, available 1600 - 1200 = 400. Then debit 450 takes pack 400 (450 - 400 = 50
     * uncovered): covered 400, shortfall 50, available 400 - 450 = -50.
     *
     * @throws TallyException FAILED_PRECONDITION CURRENCY_MISMATCH when the wallet never held the unit
     */
    public DebitResult debit(BigDecimal amount, Operation op) {
        requirePositive(amount);
        if (!stored) {
            throw TallyException.failedPrecondition("CURRENCY_MISMATCH",
                    "customer '" + customerId + "' holds no " + unit + " balance");
        }
        BigDecimal before = available();
        long next = version + 1;
        BigDecimal uncovered = amount;
        List<DebitResult.Consumption> consumptions = new ArrayList<>();
        ListIterator<Grant> grants = live.listIterator();
        while (uncovered.signum() > 0 && grants.hasNext()) {
            Grant grant = grants.next();
            BigDecimal take = grant.remainingAmount().min(uncovered);
            Grant after = grant.withRemaining(grant.remainingAmount().subtract(take));
            uncovered = uncovered.subtract(take);
            granted = granted.subtract(take);
            if (after.isLive()) {
                grants.set(after);
            } else {
                grants.remove();
            }
            track(after);
            append(EntryType.DEBIT, take, after.id(), next, op);
            consumptions.add(new DebitResult.Consumption(after.id(), after.source(), take, after.remainingAmount()));
        }
        if (uncovered.signum() > 0) {
            shortfall = shortfall.add(uncovered);
            append(EntryType.SHORTFALL, uncovered, null, next, op);
        }
        commit(next, before, op.at());
        return new DebitResult(op.id(), unit, amount.subtract(uncovered), uncovered, available(), version,
                consumptions, belowThreshold());
    }

    /**
     * Adds a grant (its id is the operation's id); it first pays off the shortfall. Worked example:
     * shortfall 50, available -50; a pack of 500 is granted (granted 0 + 500 = 500, available 450),
     * then settles 50 (pack remaining 500 - 50 = 450, shortfall 0): available stays 450.
     *
     * @param expiresAt null: never expires; otherwise it must be after the operation's instant
     */
    public GrantResult grant(GrantSource source, BigDecimal amount, Instant expiresAt, int priority,
                             String periodReference, Operation op) {
        requirePositive(amount);
        if (expiresAt != null && !expiresAt.isAfter(op.at())) {
            throw TallyException.invalid("expires_at", "must be in the future");
        }
        BigDecimal before = available();
        long next = version + 1;
        granted = granted.add(amount);
        append(EntryType.GRANT, amount, op.id(), next, op);
        BigDecimal settled = shortfall.min(amount);
        if (settled.signum() > 0) {
            granted = granted.subtract(settled);
            shortfall = shortfall.subtract(settled);
            append(EntryType.SETTLEMENT, settled, op.id(), next, op);
        }
        Grant grant = new Grant(op.id(), customerId, unit, source, amount, amount.subtract(settled), expiresAt,
                priority, periodReference, op.reference(), op.description(), next, op.at(), null);
        created.put(grant.id(), grant);
        if (grant.isLive()) {
            int at = Collections.binarySearch(live, grant, GrantOrder.CONSUMPTION);
            live.add(at < 0 ? -at - 1 : at, grant);
        }
        commit(next, before, op.at());
        return new GrantResult(grant, settled, view());
    }

    /**
     * Expires the remainder of live grants with {@code expires_at <= asOf}, optionally only of one
     * source and one period. Nothing to expire: no change, no new version.
     *
     * @param asOf must not be after the operation's instant (grants are not expired early)
     */
    public ExpiryResult expire(Instant asOf, GrantSource onlySource, String onlyPeriod, Operation op) {
        if (asOf.isAfter(op.at())) {
            throw TallyException.invalid("as_of", "must not be in the future");
        }
        BigDecimal before = available();
        long next = version + 1;
        List<ExpiryResult.ExpiredGrant> expired = new ArrayList<>();
        BigDecimal total = BigDecimal.ZERO;
        ListIterator<Grant> grants = live.listIterator();
        while (grants.hasNext()) {
            Grant grant = grants.next();
            boolean due = grant.expiresAt() != null && !grant.expiresAt().isAfter(asOf)
                    && (onlySource == null || onlySource == grant.source())
                    && (onlyPeriod == null || onlyPeriod.equals(grant.periodReference()));
            if (due) {
                BigDecimal amount = grant.remainingAmount();
                Grant after = grant.expire(op.at());
                grants.remove();
                track(after);
                granted = granted.subtract(amount);
                total = total.add(amount);
                append(EntryType.EXPIRY, amount, after.id(), next, op);
                expired.add(new ExpiryResult.ExpiredGrant(after, amount));
            }
        }
        if (!expired.isEmpty()) {
            commit(next, before, op.at());
        }
        return new ExpiryResult(expired, total, view());
    }

    /**
     * Clears up to {@code max} of the owed shortfall (billed elsewhere): available rises by what is
     * cleared. Example: shortfall 50, max 80: settles min(50, 80) = 50, available -50 + 50 = 0.
     */
    public SettlementResult settle(BigDecimal max, Operation op) {
        requirePositive(max);
        BigDecimal settled = shortfall.min(max);
        if (settled.signum() > 0) {
            BigDecimal before = available();
            long next = version + 1;
            shortfall = shortfall.subtract(settled);
            append(EntryType.SETTLEMENT, settled, null, next, op);
            commit(next, before, op.at());
        }
        return new SettlementResult(settled, view());
    }

    /**
     * Sets (or with null clears) the low-balance threshold: a new version without ledger entries.
     * If the available balance is already below the new threshold, the crossing is recorded at once.
     */
    public BalanceView setThreshold(BigDecimal newThreshold, Operation op) {
        threshold = newThreshold;
        version = version + 1;
        updatedAt = op.at();
        changed = true;
        if (belowThreshold()) {
            crossings.add(new LowBalanceCrossing(customerId, unit, threshold, available(), version, op.at()));
        }
        return view();
    }

    public BalanceView view() {
        return new BalanceView(customerId, unit, granted, shortfall, version, threshold, updatedAt, live);
    }

    public String customerId() {
        return customerId;
    }

    public String unit() {
        return unit;
    }

    /** True when no balance row exists yet (the store inserts one instead of updating). */
    public boolean isNew() {
        return !stored;
    }

    /** True when the balance row must be written. */
    public boolean isChanged() {
        return changed;
    }

    public BigDecimal available() {
        return granted.subtract(shortfall);
    }

    public List<LedgerEntry> entries() {
        return List.copyOf(entries);
    }

    /** Grants created by this book, as they are now. */
    public List<Grant> createdGrants() {
        return List.copyOf(created.values());
    }

    /** Stored grants this book changed, as they are now. */
    public List<Grant> updatedGrants() {
        return List.copyOf(updated.values());
    }

    public List<LowBalanceCrossing> crossings() {
        return List.copyOf(crossings);
    }

    private boolean belowThreshold() {
        return threshold != null && available().compareTo(threshold) < 0;
    }

    private void track(Grant grant) {
        (created.containsKey(grant.id()) ? created : updated).put(grant.id(), grant);
    }

    private void append(EntryType type, BigDecimal amount, UUID grantId, long entryVersion, Operation op) {
        entries.add(new LedgerEntry(null, customerId, unit, type, amount, available(), shortfall, entryVersion,
                grantId, op.id(), op.reference(), op.idempotencyKey(), op.description(), op.metadata(), op.at()));
    }

    private void commit(long next, BigDecimal availableBefore, Instant at) {
        version = next;
        updatedAt = at;
        changed = true;
        if (threshold != null && availableBefore.compareTo(threshold) >= 0 && belowThreshold()) {
            crossings.add(new LowBalanceCrossing(customerId, unit, threshold, available(), version, at));
        }
    }

    private static void requirePositive(BigDecimal amount) {
        if (amount.signum() <= 0) {
            throw new IllegalArgumentException("amount must be positive: " + amount);
        }
    }
}
