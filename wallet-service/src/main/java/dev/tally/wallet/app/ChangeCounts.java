package dev.tally.wallet.app;

import dev.tally.wallet.domain.CaptureResult;
import dev.tally.wallet.domain.DebitResult;
import dev.tally.wallet.domain.OperationKind;
import jakarta.inject.Singleton;
import java.util.concurrent.atomic.LongAdder;

/**
 * What this replica's write transactions applied, counted once they committed (a replay is not
 * counted again): debits (Debit, DebitBatch items, a Capture's debit), those of them not fully
 * covered by grants, and holds reserved, captured, released and expired. The {@code metrics} layer
 * exposes them (a singleton: the meters hold it by a weak reference).
 */
@Singleton
public class ChangeCounts {

    private final LongAdder debits = new LongAdder();
    private final LongAdder shortfalls = new LongAdder();
    private final LongAdder reserved = new LongAdder();
    private final LongAdder captured = new LongAdder();
    private final LongAdder released = new LongAdder();
    private final LongAdder expired = new LongAdder();

    public long debits() {
        return debits.sum();
    }

    public long shortfalls() {
        return shortfalls.sum();
    }

    public long reserved() {
        return reserved.sum();
    }

    public long captured() {
        return captured.sum();
    }

    public long released() {
        return released.sum();
    }

    public long expired() {
        return expired.sum();
    }

    /** Adds what one committed transaction applied. */
    void add(Tally tally) {
        debits.add(tally.debits);
        shortfalls.add(tally.shortfalls);
        reserved.add(tally.reserved);
        captured.add(tally.captured);
        released.add(tally.released);
        expired.add(tally.expired);
    }

    /** The counts of one transaction, while it runs (nothing counts unless it commits). */
    static final class Tally {

        private int debits;
        private int shortfalls;
        private int reserved;
        private int captured;
        private int released;
        private int expired;

        /** A command applied now with this result (what {@code WalletCommand.applyTo} returned). */
        void applied(OperationKind kind, Object result) {
            if (result instanceof DebitResult debit) {
                debited(debit);
            } else if (result instanceof CaptureResult capture) {
                captured++;
                debited(capture.debit());
            } else if (kind == OperationKind.RESERVE) {
                reserved++;
            } else if (kind == OperationKind.RELEASE) {
                released++;
            } else if (kind == OperationKind.EXPIRE_HOLD && result != null) {
                expired++;
            }
        }

        private void debited(DebitResult debit) {
            debits++;
            if (debit.shortfall().signum() > 0) {
                shortfalls++;
            }
        }
    }
}
