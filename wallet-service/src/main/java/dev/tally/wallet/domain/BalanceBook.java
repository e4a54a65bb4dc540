package dev.tally.wallet.domain;

import dev.tally.shared.money.Money;
import dev.tally.shared.plan.Period;
import dev.tally.support.error.Reason;
import dev.tally.support.error.TallyException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One balance of a wallet (a customer and a unit) while a transaction holds the wallet's lock:
 * the one place where every change of a balance is decided.
 * <ul>
 * <li>{@link #debit}: consumes the grants in force at the debit's occurred time in
 * {@link GrantOrder#CONSUMPTION}; what they do not cover is a {@link Shortfall} with that time,
 * owed, never dropped.</li>
 * <li>{@link #grant}: adds a grant, which first pays the outstanding shortfall it may pay
 * ({@link Grant#mayPayShortfallOf}).</li>
 * <li>{@link #expire}: removes the remainder of grants expiring by a given instant.</li>
 * <li>{@link #settle}: claims, for an invoice, exactly the shortfall outstanding in a period.</li>
 * <li>{@link #reserve}, {@link #capture}, {@link #release}, {@link #expireHold}: holds.</li>
 * <li>{@link #reverse}: undoes a debit (rules in {@link ReversalPlan}).</li>
 * <li>{@link #setThreshold}: sets the low-balance threshold.</li>
 * </ul>
 * Every change appends ledger entries carrying the ledger balance after them and raises the version
 * by one; a change taking the available balance ({@link #available}) from at or above
 * the threshold to below it records a {@link LowBalanceCrossing}. Checks come before any mutation,
 * so a failed call changes nothing. A transaction ({@code app.WalletWrites}) loads a book through the
 * store, applies calls, then has the store write what the accessors at the end report.
 */
public final class BalanceBook {

    /** How far after the wallet's clock a debit's occurred time may be (clock skew of callers). */
    public static final Duration MAX_OCCURRED_AHEAD = Duration.ofMinutes(5);
    /** A hold's lifetime when Reserve names no expire time. */
    public static final Duration DEFAULT_HOLD_DURATION = Duration.ofMinutes(15);
    /** The longest a hold may last. */
    public static final Duration MAX_HOLD_DURATION = Duration.ofHours(24);

    private final String customerId;
    private final String unit;
    private final boolean stored;
    /** Remaining of every open grant (the ledger's granted). */
    private BigDecimal openGranted;

    private BigDecimal shortfall;
    /** When the outstanding shortfall occurred, the windows of the grants: what is unbilled. */
    private ShortfallTimes times;
    /** As loaded: {@link #shortfallTimesChanged} compares with it. */
    private final ShortfallTimes loadedTimes;

    private BigDecimal held;
    private long version;
    private BigDecimal threshold;
    private Instant updateTime;
    private final BookGrants grants;
    private final BookShortfalls lots;
    private final BookHolds holds;
    private final Map<UUID, DebitRecord> debits;
    private final List<Reversal> reversals = new ArrayList<>();
    private final List<LedgerEntry> entries = new ArrayList<>();
    private final List<LowBalanceCrossing> crossings = new ArrayList<>();
    private boolean changed;

    private BalanceBook(BalanceView view, boolean stored, Loaded loaded) {
        this.customerId = view.customerId();
        this.unit = view.unit();
        this.stored = stored;
        this.openGranted = view.openGranted();
        this.shortfall = view.shortfall();
        this.times = view.shortfallTimes();
        this.loadedTimes = times;
        this.held = view.held();
        this.version = view.version();
        this.threshold = view.threshold();
        this.updateTime = view.updateTime();
        this.grants = new BookGrants(
                view.grants(),
                loaded.debits().values().stream()
                        .flatMap(d -> d.grants().values().stream())
                        .toList());
        this.lots = BookShortfalls.of(loaded.shortfalls());
        this.holds = new BookHolds(loaded.holds());
        this.debits = Map.copyOf(loaded.debits());
    }

    /** A stored balance with its open grants and what the commands need ({@link Needs}). */
    public static BalanceBook of(BalanceView stored, Loaded loaded) {
        return new BalanceBook(stored, true, loaded);
    }

    /** A stored balance with its open grants only. */
    public static BalanceBook of(BalanceView stored) {
        return of(stored, Loaded.NOTHING);
    }

    /** A unit the wallet has never held (zero, version 0). */
    public static BalanceBook empty(String customerId, String unit, Loaded loaded) {
        return new BalanceBook(BalanceView.empty(customerId, unit, Instant.EPOCH), false, loaded);
    }

    /** A unit the wallet has never held, with nothing else loaded. */
    public static BalanceBook empty(String customerId, String unit) {
        return empty(customerId, unit, Loaded.NOTHING);
    }

    /**
     * Takes {@code amount} from the grants in force at {@code occurred} (null: the operation's
     * instant). Worked example (grants in consumption order: promo 100, subscription 1000, pack 500,
     * all in force; available 1600): debit 1200 takes promo 100 (1200 - 100 = 1100 left to cover),
     * subscription 1000 (1100 - 1000 = 100), pack 100 (100 - 100 = 0): covered 1200, shortfall 0,
     * available 1600 - 1200 = 400. Then debit 450 takes pack 400 (450 - 400 = 50 uncovered): covered
     * 400, shortfall 50 (at the debit's occurred time), available 400 - 450 = -50. A debit on a unit
     * never held opens it: everything is shortfall.
     *
     * @throws TallyException INVALID_ARGUMENT when {@code occurred} is more than
     *                        {@link #MAX_OCCURRED_AHEAD} after the operation's instant
     */
    public DebitResult debit(BigDecimal amount, Instant occurred, Operation op) {
        requirePositive(amount);
        Instant at = occurredTime(occurred, op);
        Change change = begin(op);
        Consumed consumed = consume(amount, at, op, change.version());
        finish(change);
        return debitResult(consumed, op);
    }

    /**
     * Adds a grant (its id is the operation's id), in force from {@code effective} (null: now) until
     * {@code expire} (null: forever); it first pays the outstanding shortfall it may pay, oldest
     * first. Worked example: shortfall 50 at 10:00 of a debit, available -50; a pack of 500 without
     * expiry is granted (granted 0 + 500, available 450), then pays the 50 (pack remaining 450,
     * shortfall 0): available stays 450. Had the grant been a subscription in force from 11:00, the
     * 50 of 10:00 would stay owed (available 500 - 50 = 450 too, but the shortfall remains for the
     * invoice).
     *
     * <p>A <b>late grant</b> ({@code expire} already past, by at most {@code lateLimit}: a period's
     * grant made after the period ended, its maker having been down across the period end) is lapsed
     * from its creation: it is never in the available balance, but it pays the outstanding shortfall
     * that occurred in its window, and debits that occurred in its window and arrive later consume
     * it, until ExpireGrants removes its remainder. Example: period [July 1, August 1), now August 2
     * 10:00, limit 7 days; July's grant of 1000 pays July's outstanding 30 (970 left, lapsed; available
     * unchanged), a late July debit of 5 takes 5 of it; an expire time before July 26 10:00 is refused.
     *
     * @param period    the billing period it belongs to (informational), or null
     * @param lateLimit how far in the past {@code expire} may be
     * @throws TallyException INVALID_ARGUMENT when {@code expire} is not after {@code effective} or
     *                        more than {@code lateLimit} in the past
     */
    public GrantResult grant(
            GrantSource source,
            BigDecimal amount,
            Instant effective,
            Instant expire,
            int priority,
            String periodReference,
            Period period,
            Duration lateLimit,
            Operation op) {
        requirePositive(amount);
        Instant from = effective == null ? op.at() : effective;
        if (expire != null && !expire.isAfter(from)) {
            throw TallyException.invalid("expire_time", "must be after effective_time");
        }
        if (expire != null && expire.isBefore(op.at().minus(lateLimit))) {
            throw TallyException.invalid(
                    "expire_time", "must be at most " + readable(lateLimit) + " in the past (the late-grant limit)");
        }
        Change change = begin(op);
        openGranted = openGranted.add(amount);
        append(EntryType.GRANT, amount, op.id(), null, null, null, change.version(), op);
        Grant grant = new Grant(
                op.id(),
                customerId,
                unit,
                source,
                amount,
                amount,
                from,
                expire,
                priority,
                periodReference,
                period,
                op.reference(),
                op.description(),
                change.version(),
                op.at(),
                null);
        grants.add(grant);
        times = times.withGrant(from, expire);
        BigDecimal settled = payShortfall(grant.id(), change.version(), op);
        times = times.rebuilt(lots.outstanding(), op.at());
        finish(change);
        return new GrantResult(grants.get(grant.id()), settled, view(op.at()));
    }

    /**
     * Expires the remainder of open grants with {@code expire_time <= asOf}, optionally only of one
     * source and one period. Nothing to expire: no change, no new version.
     *
     * @param asOf must not be after the operation's instant (grants are not expired early)
     */
    public ExpiryResult expire(Instant asOf, GrantSource onlySource, String onlyPeriod, Operation op) {
        if (asOf.isAfter(op.at())) {
            throw TallyException.invalid("expire_time", "must not be in the future");
        }
        Change change = begin(op);
        List<ExpiryResult.ExpiredGrant> expired = new ArrayList<>();
        BigDecimal total = BigDecimal.ZERO;
        for (Grant grant : grants.open()) {
            boolean due = grant.expireTime() != null
                    && !grant.expireTime().isAfter(asOf)
                    && (onlySource == null || onlySource == grant.source())
                    && (onlyPeriod == null || onlyPeriod.equals(grant.periodReference()));
            if (due) {
                BigDecimal amount = grant.remainingAmount();
                Grant after = grant.close(op.at());
                grants.put(after);
                openGranted = openGranted.subtract(amount);
                total = total.add(amount);
                append(EntryType.EXPIRY, amount, after.id(), null, null, null, change.version(), op);
                expired.add(new ExpiryResult.ExpiredGrant(after, amount));
            }
        }
        if (!expired.isEmpty()) {
            finish(change);
        }
        return new ExpiryResult(expired, total, view(op.at()));
    }

    /**
     * Claims for an invoice exactly the shortfall outstanding that occurred in [{@code from},
     * {@code until}) ({@code from} null: from the beginning): it leaves the balance (available rises
     * by it) and no grant pays it afterwards. Example: outstanding 30 at July 31 and 20 at August 1;
     * claiming July [July 1, August 1) settles 30 (one debit), leaving 20 outstanding.
     *
     * @param until must not be after the operation's instant (a period is settled once it ended)
     */
    public SettlementResult settle(Instant from, Instant until, Operation op) {
        if (until.isAfter(op.at())) {
            throw TallyException.invalid("time_range.end_time", "must not be in the future");
        }
        Change change = begin(op);
        BigDecimal total = BigDecimal.ZERO;
        int count = 0;
        for (Shortfall lot : lots.outstanding()) {
            if (lot.occurredIn(from, until)) {
                BigDecimal amount = lot.outstanding();
                shortfall = shortfall.subtract(amount);
                lots.replace(lot.claim(op.id(), op.reference(), op.at()));
                append(
                        EntryType.SETTLEMENT,
                        amount,
                        null,
                        lot.debitId(),
                        null,
                        lot.occurredTime(),
                        change.version(),
                        op);
                total = total.add(amount);
                count++;
            }
        }
        if (count > 0) {
            times = times.rebuilt(lots.outstanding(), op.at());
            finish(change);
        }
        return new SettlementResult(total, count, view(op.at()));
    }

    /**
     * Reserves {@code amount} until {@code expire} (null: {@link #DEFAULT_HOLD_DURATION} from now).
     * Example: granted 100 in force, shortfall 0, held 60: available 40; a reserve of 40 succeeds
     * (held 100, available 0), the next one of 0.01 is refused.
     *
     * @throws TallyException INVALID_ARGUMENT for a bad expire time; FAILED_PRECONDITION
     *                        INSUFFICIENT_FUNDS when the available balance is below {@code amount}
     */
    public HoldResult reserve(BigDecimal amount, Instant expire, Operation op) {
        requirePositive(amount);
        Instant until = expire == null ? op.at().plus(DEFAULT_HOLD_DURATION) : expire;
        if (!until.isAfter(op.at())) {
            throw TallyException.invalid("expire_time", "must be in the future");
        }
        if (until.isAfter(op.at().plus(MAX_HOLD_DURATION))) {
            throw TallyException.invalid(
                    "expire_time", "must be at most " + MAX_HOLD_DURATION.toHours() + " hours ahead");
        }
        BigDecimal available = available(op.at());
        if (available.compareTo(amount) < 0) {
            throw new TallyException(
                    Reason.INSUFFICIENT_FUNDS,
                    "available " + plain(available) + " " + unit + " does not cover " + plain(amount),
                    Map.of("available", plain(available), "requested", plain(amount)),
                    List.of());
        }
        Change change = begin(op);
        held = held.add(amount);
        Hold hold = new Hold(
                op.id(),
                customerId,
                unit,
                amount,
                HoldState.ACTIVE,
                until,
                op.at(),
                null,
                null,
                null,
                op.reference(),
                op.description());
        holds.add(hold);
        append(EntryType.HOLD, amount, null, null, hold.id(), null, change.version(), op);
        finish(change);
        return new HoldResult(hold, view(op.at()));
    }

    /**
     * Ends an active hold by debiting {@code finalAmount} (zero, below or above the hold) exactly like
     * {@link #debit} at {@code occurred}. Example: held 40 of available-before-hold 100; capture 55:
     * held 0, grants give 55, available 45. Capture 120 instead: grants give 100, shortfall 20.
     */
    public CaptureResult capture(UUID holdId, BigDecimal finalAmount, Instant occurred, Operation op) {
        if (finalAmount.signum() < 0) {
            throw new IllegalArgumentException("final amount must not be negative: " + finalAmount);
        }
        Instant at = occurredTime(occurred, op);
        Hold hold = activeHold(holdId, op.at());
        Operation debitOp = op.reference() == null ? op.withReference(hold.reference()) : op;
        Change change = begin(op);
        held = held.subtract(hold.amount());
        append(EntryType.HOLD_RELEASE, hold.amount(), null, null, hold.id(), null, change.version(), debitOp);
        Consumed consumed = finalAmount.signum() > 0
                ? consume(finalAmount, at, debitOp, change.version())
                : new Consumed(at, BigDecimal.ZERO, BigDecimal.ZERO, List.of());
        Hold closed = closeHold(hold, HoldState.CAPTURED, op.at(), finalAmount, op.id());
        finish(change);
        return new CaptureResult(closed, debitResult(consumed, op));
    }

    /** Ends an active hold without a debit: its amount is available again. */
    public HoldResult release(UUID holdId, Operation op) {
        Hold hold = activeHold(holdId, op.at());
        Change change = begin(op);
        held = held.subtract(hold.amount());
        append(EntryType.HOLD_RELEASE, hold.amount(), null, null, hold.id(), null, change.version(), op);
        Hold closed = closeHold(hold, HoldState.RELEASED, op.at(), null, null);
        finish(change);
        return new HoldResult(closed, view(op.at()));
    }

    /**
     * Expires a hold whose expire time has passed (the service's own change); a hold that is no
     * longer active, or not due, is left alone.
     *
     * @return the expired hold, or null when nothing changed
     */
    public Hold expireHold(UUID holdId, Operation op) {
        Hold hold = holds.get(holdId);
        if (hold == null || !hold.isActive() || hold.expireTime().isAfter(op.at())) {
            return null;
        }
        Change change = begin(op);
        held = held.subtract(hold.amount());
        append(EntryType.HOLD_RELEASE, hold.amount(), null, null, hold.id(), null, change.version(), op);
        Hold closed = closeHold(hold, HoldState.EXPIRED, op.at(), null, null);
        finish(change);
        return closed;
    }

    /**
     * Undoes a debit: its outstanding shortfall is cancelled; what it took from grants, and what
     * grants paid of its shortfall, returns to them (to one new REFUND grant where they expired);
     * its shortfall claimed by an invoice is only reported. Grants that got funds back then pay
     * outstanding shortfall like new grants. Worked example in {@link ReversalPlan}.
     *
     * @throws TallyException NOT_FOUND for an unknown debit; FAILED_PRECONDITION
     *                        DEBIT_ALREADY_REVERSED when it was reversed before
     */
    public ReversalResult reverse(UUID debitId, Operation op) {
        DebitRecord debit = debits.get(debitId);
        if (debit == null || !debit.unit().equals(unit)) {
            throw new TallyException(
                    Reason.RESOURCE_NOT_FOUND,
                    "customer '" + customerId + "' has no debit " + debitId,
                    Map.of("debit_id", debitId.toString()));
        }
        if (debit.reversed()) {
            throw new TallyException(Reason.DEBIT_ALREADY_REVERSED, "debit " + debitId + " was already reversed");
        }
        Shortfall lot = lots.find(debitId);
        ReversalPlan plan =
                ReversalPlan.of(debit, lot == null ? BigDecimal.ZERO : lot.outstanding(), grants::get, op.at());
        Change change = begin(op);
        if (plan.cancelled().signum() > 0) {
            shortfall = shortfall.subtract(plan.cancelled());
            lots.replace(lot.withOutstanding(BigDecimal.ZERO));
            append(
                    EntryType.ADJUSTMENT,
                    plan.cancelled(),
                    null,
                    debitId,
                    null,
                    debit.occurredTime(),
                    change.version(),
                    op);
        }
        List<DebitResult.Consumption> returned = new ArrayList<>();
        List<UUID> funded = new ArrayList<>();
        plan.toGrants().forEach((grantId, amount) -> {
            Grant after = grants.get(grantId)
                    .withRemaining(grants.get(grantId).remainingAmount().add(amount));
            grants.put(after);
            openGranted = openGranted.add(amount);
            append(EntryType.ADJUSTMENT, amount, grantId, debitId, null, debit.occurredTime(), change.version(), op);
            returned.add(new DebitResult.Consumption(grantId, after.source(), amount, after.remainingAmount()));
            funded.add(grantId);
        });
        if (plan.toRefund().signum() > 0) {
            openGranted = openGranted.add(plan.toRefund());
            append(
                    EntryType.GRANT,
                    plan.toRefund(),
                    op.id(),
                    debitId,
                    null,
                    debit.occurredTime(),
                    change.version(),
                    op);
            grants.add(new Grant(
                    op.id(),
                    customerId,
                    unit,
                    GrantSource.REFUND,
                    plan.toRefund(),
                    plan.toRefund(),
                    op.at(),
                    null,
                    0,
                    null,
                    null,
                    op.reference(),
                    op.description(),
                    change.version(),
                    op.at(),
                    null));
            funded.add(op.id());
            times = times.withGrant(op.at(), null);
        }
        BigDecimal settled = BigDecimal.ZERO;
        for (UUID grantId : funded) {
            settled = settled.add(payShortfall(grantId, change.version(), op));
        }
        times = times.rebuilt(lots.outstanding(), op.at());
        reversals.add(new Reversal(debitId, customerId, op.id(), op.at()));
        if (entries.size() > change.entriesBefore()) {
            finish(change);
        }
        return new ReversalResult(
                op.id(),
                debitId,
                returned,
                plan.toRefund().signum() > 0 ? grants.get(op.id()) : null,
                plan.returnedTotal(),
                plan.cancelled(),
                debit.claimed(),
                debit.claimReference(),
                settled,
                view(op.at()));
    }

    /**
     * Sets (or with null clears) the low-balance threshold: a new version without ledger entries.
     * If the available balance is already below the new threshold, the crossing is recorded at once.
     */
    public BalanceView setThreshold(BigDecimal newThreshold, Operation op) {
        threshold = newThreshold;
        version = version + 1;
        updateTime = op.at();
        changed = true;
        BigDecimal available = available(op.at());
        if (threshold != null && available.compareTo(threshold) < 0) {
            crossings.add(new LowBalanceCrossing(customerId, unit, threshold, available, version, op.at()));
        }
        return view(op.at());
    }

    /** The balance as it is now, seen at {@code now}. */
    public BalanceView view(Instant now) {
        return new BalanceView(
                customerId,
                unit,
                openGranted,
                shortfall,
                held,
                version,
                threshold,
                updateTime,
                grants.open(),
                times,
                now);
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

    /** When the outstanding shortfall occurred and the grants' windows, as they are now. */
    public ShortfallTimes shortfallTimes() {
        return times;
    }

    /** True when the shortfall times differ from those loaded (the store rewrites them only then). */
    public boolean shortfallTimesChanged() {
        return times != loadedTimes;
    }

    /** True when the balance row must be written. */
    public boolean isChanged() {
        return changed;
    }

    /**
     * What the customer can spend at {@code now}: grants in force then - (shortfall - the part no grant
     * in force then would pay) - held ({@link BalanceView#available}, rule in {@link ShortfallTimes}).
     */
    public BigDecimal available(Instant now) {
        return BalanceView.available(
                grants.inForceAt(now), shortfall, times.unbilled(now).amount(), held);
    }

    public List<LedgerEntry> entries() {
        return List.copyOf(entries);
    }

    /** Grants created by this book, as they are now. */
    public List<Grant> createdGrants() {
        return grants.created();
    }

    /** Stored grants this book changed, as they are now. */
    public List<Grant> updatedGrants() {
        return grants.updated();
    }

    /** Shortfall recorded by this book's debits, as it is now. */
    public List<Shortfall> createdShortfalls() {
        return lots.created();
    }

    /** Stored shortfall this book paid, claimed or cancelled, as it is now. */
    public List<Shortfall> updatedShortfalls() {
        return lots.updated();
    }

    public List<Hold> createdHolds() {
        return holds.created();
    }

    public List<Hold> updatedHolds() {
        return holds.updated();
    }

    public List<Reversal> reversals() {
        return List.copyOf(reversals);
    }

    public List<LowBalanceCrossing> crossings() {
        return List.copyOf(crossings);
    }

    /** The debit's occurred time: the request's (at most {@link #MAX_OCCURRED_AHEAD} ahead) or now. */
    private static Instant occurredTime(Instant occurred, Operation op) {
        if (occurred == null) {
            return op.at();
        }
        if (occurred.isAfter(op.at().plus(MAX_OCCURRED_AHEAD))) {
            throw TallyException.invalid(
                    "occurred_time",
                    "must be at most " + MAX_OCCURRED_AHEAD.toMinutes() + " minutes after the wallet's clock");
        }
        return occurred;
    }

    /** Consumes grants in force at {@code at}; records the rest as a shortfall of the operation's debit. */
    private Consumed consume(BigDecimal amount, Instant at, Operation op, long entryVersion) {
        BigDecimal uncovered = amount;
        List<DebitResult.Consumption> consumptions = new ArrayList<>();
        for (Grant grant : grants.open()) {
            if (uncovered.signum() == 0) {
                break;
            }
            if (!grant.inForceAt(at)) {
                continue;
            }
            BigDecimal take = grant.remainingAmount().min(uncovered);
            Grant after = grant.withRemaining(grant.remainingAmount().subtract(take));
            uncovered = uncovered.subtract(take);
            openGranted = openGranted.subtract(take);
            grants.put(after);
            append(EntryType.DEBIT, take, after.id(), op.id(), null, at, entryVersion, op);
            consumptions.add(new DebitResult.Consumption(after.id(), after.source(), take, after.remainingAmount()));
        }
        if (uncovered.signum() > 0) {
            shortfall = shortfall.add(uncovered);
            lots.record(Shortfall.of(op.id(), customerId, unit, at, uncovered));
            times = times.recorded(at, uncovered);
            append(EntryType.SHORTFALL, uncovered, null, op.id(), null, at, entryVersion, op);
        }
        return new Consumed(at, amount.subtract(uncovered), uncovered, consumptions);
    }

    private DebitResult debitResult(Consumed consumed, Operation op) {
        BigDecimal available = available(op.at());
        return new DebitResult(
                op.id(),
                unit,
                consumed.at(),
                consumed.covered(),
                consumed.uncovered(),
                available,
                version,
                consumed.consumptions(),
                threshold != null && available.compareTo(threshold) < 0);
    }

    /**
     * The grant pays outstanding shortfall it may pay, oldest first, while it has something left.
     *
     * @return what it paid
     */
    private BigDecimal payShortfall(UUID grantId, long entryVersion, Operation op) {
        BigDecimal paid = BigDecimal.ZERO;
        for (Shortfall lot : lots.outstanding()) {
            Grant grant = grants.get(grantId);
            if (grant.remainingAmount().signum() == 0) {
                break;
            }
            if (grant.mayPayShortfallOf(lot.occurredTime())) {
                BigDecimal pay = lot.outstanding().min(grant.remainingAmount());
                grants.put(grant.withRemaining(grant.remainingAmount().subtract(pay)));
                lots.replace(lot.withOutstanding(lot.outstanding().subtract(pay)));
                openGranted = openGranted.subtract(pay);
                shortfall = shortfall.subtract(pay);
                paid = paid.add(pay);
                append(EntryType.SETTLEMENT, pay, grantId, lot.debitId(), null, lot.occurredTime(), entryVersion, op);
            }
        }
        return paid;
    }

    private Hold activeHold(UUID holdId, Instant now) {
        Hold hold = holds.get(holdId);
        if (hold == null) {
            throw new TallyException(
                    Reason.RESOURCE_NOT_FOUND,
                    "customer '" + customerId + "' has no hold " + holdId,
                    Map.of("hold_id", holdId.toString()));
        }
        if (!hold.unit().equals(unit)) {
            throw new TallyException(
                    Reason.CURRENCY_MISMATCH, "hold " + holdId + " is in " + hold.unit() + ", not " + unit);
        }
        switch (hold.state()) {
            case CAPTURED -> throw new TallyException(Reason.HOLD_CAPTURED, "hold " + holdId + " was already captured");
            case RELEASED -> throw new TallyException(Reason.HOLD_RELEASED, "hold " + holdId + " was released");
            case EXPIRED -> throw new TallyException(Reason.HOLD_EXPIRED, "hold " + holdId + " has expired");
            case ACTIVE -> {
                if (!now.isBefore(hold.expireTime())) {
                    throw new TallyException(
                            Reason.HOLD_EXPIRED, "hold " + holdId + " expired at " + hold.expireTime());
                }
            }
        }
        return hold;
    }

    private Hold closeHold(Hold hold, HoldState end, Instant at, BigDecimal captured, UUID debitId) {
        Hold closed = hold.close(end, at, captured, debitId);
        holds.put(closed);
        return closed;
    }

    private void append(
            EntryType type,
            BigDecimal amount,
            UUID grantId,
            UUID debitId,
            UUID holdId,
            Instant occurred,
            long entryVersion,
            Operation op) {
        entries.add(new LedgerEntry(
                null,
                customerId,
                unit,
                type,
                amount,
                openGranted.subtract(shortfall).subtract(held),
                shortfall,
                entryVersion,
                grantId,
                debitId,
                holdId,
                occurred,
                op.id(),
                op.reference(),
                op.idempotencyKey(),
                op.description(),
                op.metadata(),
                op.at()));
    }

    /** Starts a change: the version it will produce and, when a threshold is set, the available balance before. */
    private Change begin(Operation op) {
        return new Change(version + 1, threshold == null ? null : available(op.at()), op.at(), entries.size());
    }

    private void finish(Change change) {
        version = change.version();
        updateTime = change.at();
        changed = true;
        if (change.availableBefore() != null && change.availableBefore().compareTo(threshold) >= 0) {
            BigDecimal after = available(change.at());
            if (after.compareTo(threshold) < 0) {
                crossings.add(new LowBalanceCrossing(customerId, unit, threshold, after, version, change.at()));
            }
        }
    }

    private static void requirePositive(BigDecimal amount) {
        if (amount.signum() <= 0) {
            throw new IllegalArgumentException("amount must be positive: " + amount);
        }
    }

    /** "7 days", "36 hours", "90 minutes" or the ISO form. */
    private static String readable(Duration duration) {
        if (duration.toDaysPart() > 0 && duration.equals(Duration.ofDays(duration.toDays()))) {
            return duration.toDays() + " days";
        }
        if (duration.equals(Duration.ofHours(duration.toHours()))) {
            return duration.toHours() + " hours";
        }
        if (duration.equals(Duration.ofMinutes(duration.toMinutes()))) {
            return duration.toMinutes() + " minutes";
        }
        return duration.toString();
    }

    private static String plain(BigDecimal amount) {
        return Money.plain(amount);
    }

    /**
     * A change in progress: the version it produces, the available balance before (null without a
     * threshold), its instant and the number of entries before it.
     */
    private record Change(long version, BigDecimal availableBefore, Instant at, int entriesBefore) {}

    /** What {@link #consume} took: covered + uncovered = the amount. */
    private record Consumed(
            Instant at, BigDecimal covered, BigDecimal uncovered, List<DebitResult.Consumption> consumptions) {}

    /**
     * What the store loaded for the commands of this balance beyond its open grants.
     *
     * @param shortfalls the outstanding shortfall, or null when no command needs it
     * @param holds      holds by id
     * @param debits     past debits by id
     */
    public record Loaded(List<Shortfall> shortfalls, Map<UUID, Hold> holds, Map<UUID, DebitRecord> debits) {

        public static final Loaded NOTHING = new Loaded(null, Map.of(), Map.of());
    }
}
