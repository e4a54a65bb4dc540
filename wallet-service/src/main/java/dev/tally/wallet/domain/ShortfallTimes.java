package dev.tally.wallet.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * When a balance's outstanding shortfall occurred, kept small enough to travel with the balance
 * (stored on its row), and the rule that splits it: <b>outstanding shortfall reduces the available
 * balance only when it occurred inside the window [effective_time, expire_time) of a grant in force
 * now</b>: the period it belongs to is still the current one. A grant that never expires (a pack, a
 * top-up, a refund) has no window: it pays any outstanding shortfall when it is created
 * ({@link Grant#mayPayShortfallOf}), but shortfall left or made after that is not its own and waits
 * for its invoice, whether or not the grant has anything left (so a top-up used up in period N does
 * not make N's overspend reduce N+1's balance). The rest is <b>unbilled</b>: it
 * occurred outside every grant in force and waits for its invoice (SettleShortfall); it is reported
 * apart and never reduces available, Reserve, the low-balance threshold or watch events.
 * <p>
 * "In force" counts used-up grants too (remaining 0, not closed): a customer who used up this
 * period's grant and overspends in the same period owes that overspend against this period (a
 * further grant of the period would pay it), so the available balance goes negative. That is why
 * the windows of every expiring grant not yet past its expiry are kept here ({@link #windows}),
 * used up or not ({@link #perpetualSince}, the earliest effective time of a grant that never
 * expires, only marks when the balance changes).
 * <p>
 * Worked example (a BALANCE customer, period N = [July 1, August 1), N+1 = [August 1, September 1)):
 * N's grant of 10 is used up and 3.10 more is spent on July 31 (shortfall 3.10 at July 31). On July 31
 * N's window is in force and contains July 31: available = 0 - 3.10 = -3.10, unbilled 0. N+1's grant
 * of 20 is created on July 31 (upcoming). On August 1 00:10 (the grace window) N's window has ended,
 * N+1's [August 1, September 1) is in force and does not contain July 31: unbilled 3.10 (occurred
 * July 31 .. just after), available = 20 - (3.10 - 3.10) - 0 = 20. An overspend of 2 on August 5
 * (N+1's grant used up) is in N+1's window: available = 0 - (5.10 - 3.10) = -2, unbilled still 3.10.
 * SettleShortfall of N claims the 3.10: unbilled 0. A customer without any grant (a $0-base
 * pay-as-you-go plan, or one that only buys top-ups) has every shortfall unbilled: available stays 0.
 * <p>
 * The shortfall is kept in <b>buckets</b> (outstanding sum, first and last occurred time): the lots
 * of one bucket all lie between the same two consecutive window boundaries (effective or expire
 * times), so every bucket is wholly inside or wholly outside the union of the windows in force at any
 * instant (that union is one interval, as every window in force contains now). A debit adds to the
 * bucket of its interval (no shortfall rows read); commands that read the outstanding lots anyway
 * (a grant, a settlement, a reversal) rebuild the buckets from them, and a new grant's window splits
 * them there. Times are the wallet's, in microseconds.
 *
 * @param perpetualSince earliest effective time of a grant that never expires; null when none
 * @param windows        [effective, expire) of the expiring grants not past their expiry when last
 *                       written (used-up ones included), by effective time
 * @param buckets        the outstanding shortfall; their amounts add up to the balance's shortfall
 */
public record ShortfallTimes(Instant perpetualSince, List<Window> windows, List<Bucket> buckets) {

    /** Nothing owed, no grant. */
    public static final ShortfallTimes NONE = new ShortfallTimes(null, List.of(), List.of());

    public ShortfallTimes {
        windows = windows.stream()
                .sorted(Comparator.comparing(Window::effective).thenComparing(Window::expire))
                .toList();
        buckets = buckets.stream().sorted(Comparator.comparing(Bucket::first)).toList();
    }

    /** The window of an expiring grant. */
    public record Window(Instant effective, Instant expire) {

        boolean inForceAt(Instant t) {
            return !effective.isAfter(t) && t.isBefore(expire);
        }
    }

    /**
     * Outstanding shortfall that occurred from {@code first} to {@code last} (inclusive), all between
     * the same two consecutive window boundaries.
     */
    public record Bucket(Instant first, Instant last, BigDecimal outstanding) {}

    /** The shortfall no grant in force at {@code now} would pay, and when it occurred. */
    public record Unbilled(BigDecimal amount, Instant from, Instant until) {

        static final Unbilled NONE = new Unbilled(BigDecimal.ZERO, null, null);
    }

    /**
     * The unbilled shortfall at {@code now}: the buckets outside every window in force then (all of
     * them when no expiring grant is in force). {@code until} is just after the latest (one
     * microsecond).
     */
    public Unbilled unbilled(Instant now) {
        if (buckets.isEmpty()) {
            return Unbilled.NONE;
        }
        Instant from = null;
        Instant to = null;
        for (Window window : windows) {
            if (window.inForceAt(now)) {
                from = from == null || window.effective().isBefore(from) ? window.effective() : from;
                to = to == null || window.expire().isAfter(to) ? window.expire() : to;
            }
        }
        BigDecimal amount = BigDecimal.ZERO;
        Instant first = null;
        Instant last = null;
        for (Bucket bucket : buckets) {
            boolean payable = from != null
                    && !bucket.first().isBefore(from)
                    && bucket.first().isBefore(to);
            if (!payable) {
                amount = amount.add(bucket.outstanding());
                first = first == null || bucket.first().isBefore(first) ? bucket.first() : first;
                last = last == null || bucket.last().isAfter(last) ? bucket.last() : last;
            }
        }
        return first == null ? Unbilled.NONE : new Unbilled(amount, first, last.plus(1, ChronoUnit.MICROS));
    }

    /** The instants after {@code now} at which the windows in force change (for the cache's boundary). */
    Instant nextBoundary(Instant now) {
        Instant next = earliestAfter(null, perpetualSince, now);
        for (Window window : windows) {
            next = earliestAfter(next, window.effective(), now);
            next = earliestAfter(next, window.expire(), now);
        }
        return next;
    }

    /** With a new grant's window (or its perpetual start); buckets are rebuilt by the caller. */
    ShortfallTimes withGrant(Instant effective, Instant expire) {
        if (expire == null) {
            Instant since = perpetualSince == null || effective.isBefore(perpetualSince) ? effective : perpetualSince;
            return new ShortfallTimes(since, windows, buckets);
        }
        List<Window> more = new ArrayList<>(windows);
        more.add(new Window(effective, expire));
        return new ShortfallTimes(perpetualSince, more, buckets);
    }

    /** With a debit's new shortfall: added to the bucket of its interval, or a new one. */
    ShortfallTimes recorded(Instant occurred, BigDecimal amount) {
        Instant at = occurred.truncatedTo(ChronoUnit.MICROS);
        Instant lower = null;
        Instant upper = null;
        for (Instant boundary : boundaries()) {
            if (!boundary.isAfter(at)) {
                lower = boundary;
            } else if (upper == null) {
                upper = boundary;
            }
        }
        List<Bucket> after = new ArrayList<>(buckets);
        for (int i = 0; i < after.size(); i++) {
            Bucket bucket = after.get(i);
            boolean sameInterval = (lower == null || !bucket.first().isBefore(lower))
                    && (upper == null || bucket.first().isBefore(upper));
            if (sameInterval) {
                after.set(
                        i,
                        new Bucket(
                                at.isBefore(bucket.first()) ? at : bucket.first(),
                                at.isAfter(bucket.last()) ? at : bucket.last(),
                                bucket.outstanding().add(amount)));
                return new ShortfallTimes(perpetualSince, windows, after);
            }
        }
        after.add(new Bucket(at, at, amount));
        return new ShortfallTimes(perpetualSince, windows, after);
    }

    /**
     * Rebuilt from every outstanding lot, split at the window boundaries; windows past their expiry
     * at {@code now} are dropped (they are never in force again).
     */
    ShortfallTimes rebuilt(List<Shortfall> outstanding, Instant now) {
        List<Window> current =
                windows.stream().filter(w -> w.expire().isAfter(now)).toList();
        ShortfallTimes empty = new ShortfallTimes(perpetualSince, current, List.of());
        ShortfallTimes rebuilt = empty;
        for (Shortfall lot : outstanding) {
            if (lot.outstanding().signum() > 0) {
                rebuilt = rebuilt.recorded(lot.occurredTime(), lot.outstanding());
            }
        }
        return rebuilt;
    }

    /** Sum of the buckets (equals the balance's outstanding shortfall). */
    public BigDecimal total() {
        BigDecimal total = BigDecimal.ZERO;
        for (Bucket bucket : buckets) {
            total = total.add(bucket.outstanding());
        }
        return total;
    }

    private List<Instant> boundaries() {
        List<Instant> all = new ArrayList<>();
        for (Window window : windows) {
            all.add(window.effective());
            all.add(window.expire());
        }
        all.sort(Comparator.naturalOrder());
        return all;
    }

    private static Instant earliestAfter(Instant next, Instant boundary, Instant now) {
        return boundary != null && boundary.isAfter(now) && (next == null || boundary.isBefore(next)) ? boundary : next;
    }
}
