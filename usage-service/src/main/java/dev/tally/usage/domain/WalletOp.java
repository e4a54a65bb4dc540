package dev.tally.usage.domain;

import java.util.UUID;

/**
 * One wallet call an event still needs, as stored in the outbox: the exact request bytes
 * ({@code tally.wallet.v1} DebitRequest, CaptureRequest, ReleaseRequest or ReverseDebitRequest, built
 * by the wallet client).
 *
 * @param statusAfter the event's debit status once the wallet acknowledged this call (when no later
 *                    row of the event is pending)
 */
public record WalletOp(UUID eventId, String customerId, Kind kind, byte[] request, DebitStatus statusAfter) {

    /** What the call is. */
    public enum Kind {
        DEBIT,
        CAPTURE,
        RELEASE,
        REVERSE
    }
}
