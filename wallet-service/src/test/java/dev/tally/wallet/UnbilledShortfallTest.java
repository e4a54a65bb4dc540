package dev.tally.wallet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.common.v1.TimeRange;
import dev.tally.support.error.Reason;
import dev.tally.testing.TestDatabase;
import dev.tally.wallet.v1.Balance;
import dev.tally.wallet.v1.BalanceEventKind;
import dev.tally.wallet.v1.DebitResponse;
import dev.tally.wallet.v1.GrantSource;
import dev.tally.wallet.v1.ReleaseRequest;
import dev.tally.wallet.v1.ReserveRequest;
import dev.tally.wallet.v1.ReserveResponse;
import dev.tally.wallet.v1.SetLowBalanceThresholdRequest;
import dev.tally.wallet.v1.SettleShortfallResponse;
import dev.tally.wallet.v1.WatchBalanceResponse;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

/**
 * A new period starts with the customer's full balance: shortfall that no grant in force would pay
 * (period N's overspend once N+1's grant took over) is reported as unbilled_shortfall and reduces
 * neither available, Reserve, the low-balance threshold nor WatchBalance events, until N's invoice
 * claims it. Arithmetic as in {@link dev.tally.wallet.domain.UnbilledShortfallTest}.
 */
@QuarkusTest
class UnbilledShortfallTest extends WalletTest {

    private static final Duration WITHIN = Duration.ofSeconds(30);

    @Test
    void nsOverspendIsUnbilledInNPlusOneAndNeverMakesItLookPoorer() {
        Instant boundary = clock.instant().plus(Duration.ofHours(2)).truncatedTo(ChronoUnit.HOURS);
        Instant start = boundary.minus(Duration.ofDays(30));
        Instant end = boundary.plus(Duration.ofDays(30));
        String customer = newCustomer();
        grant(customer, usd("10"), GrantSource.GRANT_SOURCE_PERIOD_BALANCE, start, boundary);

        // period N: 10 + 3.10 spent; N's grant (used up) is in force: the 3.10 is owed now
        DebitResponse overspend = debit(customer, usd("13.10"));
        assertThat(overspend.getShortfall().getAmount()).isEqualTo("3.1");
        assertThat(overspend.getBalanceAfter().getAmount()).isEqualTo("-3.1");
        Instant overspentAt = Instant.ofEpochSecond(
                overspend.getOccurredTime().getSeconds(),
                overspend.getOccurredTime().getNanos());
        assertThat(balance(customer, "USD").getUnbilledShortfall().getAmount()).isEqualTo("0");

        // an hour before the boundary N+1's grant of 20 is created (upcoming)
        clock.advance(Duration.between(clock.instant(), boundary.minus(Duration.ofHours(1))));
        grant(customer, usd("20"), GrantSource.GRANT_SOURCE_PERIOD_BALANCE, boundary, end);
        assertThat(balance(customer, "USD").getAvailable().getAmount()).isEqualTo("-3.1");

        // 10 minutes into N+1 (N's grace window): N+1's full 20; N's 3.10 is unbilled
        clock.advance(Duration.ofMinutes(70));
        Balance inGrace = balance(customer, "USD");
        assertThat(inGrace.getAvailable().getAmount()).isEqualTo("20"); // 20 - (3.10 - 3.10) - 0
        assertThat(inGrace.getGranted().getAmount()).isEqualTo("20");
        assertThat(inGrace.getShortfall().getAmount()).isEqualTo("3.1");
        assertThat(inGrace.getUnbilledShortfall().getAmount()).isEqualTo("3.1");
        assertThat(inGrace.getUnbilledShortfallTimeRange())
                .isEqualTo(TimeRange.newBuilder()
                        .setStartTime(timestamp(overspentAt))
                        .setEndTime(timestamp(overspentAt.plus(1, ChronoUnit.MICROS)))
                        .build());

        // a reserve of N+1's full 20 succeeds; released again
        ReserveResponse hold = wallet.reserve(ReserveRequest.newBuilder()
                .setCustomerId(customer)
                .setAmount(usd("20"))
                .setIdempotencyKey(newKey())
                .build());
        assertThat(hold.getBalance().getAvailable().getAmount()).isEqualTo("0");
        wallet.release(ReleaseRequest.newBuilder()
                .setCustomerId(customer)
                .setHoldId(hold.getHold().getHoldId())
                .setIdempotencyKey(newKey())
                .build());

        // a threshold of 18: 20 is not below it (20 - 3.10 = 16.90 would have been)
        assertThat(wallet.setLowBalanceThreshold(SetLowBalanceThresholdRequest.newBuilder()
                                .setCustomerId(customer)
                                .setCurrencyCode("USD")
                                .setThreshold(usd("18"))
                                .setIdempotencyKey(newKey())
                                .build())
                        .getBalance()
                        .getBelowLowBalanceThreshold())
                .isFalse();
        try (Watch watch = watch(customer, "USD")) {
            WatchBalanceResponse snapshot = watch.events().next(WITHIN);
            assertThat(snapshot.getKind()).isEqualTo(BalanceEventKind.BALANCE_EVENT_KIND_SNAPSHOT);
            assertThat(snapshot.getBalance().getAvailable().getAmount()).isEqualTo("20");
            assertThat(snapshot.getBalance().getUnbilledShortfall().getAmount()).isEqualTo("3.1");
            assertThat(snapshot.getBalance().getBelowLowBalanceThreshold()).isFalse();

            // N+1 usage of 1: 19 left, still not below 18: a CHANGED event, no BALANCE_LOW
            DebitResponse usage = debit(customer, usd("1"));
            assertThat(usage.getBalanceAfter().getAmount()).isEqualTo("19");
            assertThat(usage.getBelowLowBalanceThreshold()).isFalse();
            WatchBalanceResponse changed = watch.events().next(WITHIN);
            assertThat(changed.getKind()).isEqualTo(BalanceEventKind.BALANCE_EVENT_KIND_CHANGED);
            assertThat(changed.getBalance().getAvailable().getAmount()).isEqualTo("19");
            assertThat(changed.getBalance().getUnbilledShortfall().getAmount()).isEqualTo("3.1");

            // N's close: SettleShortfall over N claims the 3.10; available unchanged, nothing unbilled
            SettleShortfallResponse invoiceN = settle(customer, "USD", start, boundary, "inv_N");
            assertThat(invoiceN.getSettled().getAmount()).isEqualTo("3.1");
            assertThat(invoiceN.getBalance().getShortfall().getAmount()).isEqualTo("0");
            assertThat(invoiceN.getBalance().getUnbilledShortfall().getAmount()).isEqualTo("0");
            assertThat(invoiceN.getBalance().hasUnbilledShortfallTimeRange()).isFalse();
            assertThat(invoiceN.getBalance().getAvailable().getAmount()).isEqualTo("19");
            WatchBalanceResponse settled = watch.events().next(WITHIN);
            assertThat(settled.getKind()).isEqualTo(BalanceEventKind.BALANCE_EVENT_KIND_CHANGED);
            assertThat(settled.getBalance().getAvailable().getAmount()).isEqualTo("19");
            assertThat(settled.getBalance().getUnbilledShortfall().getAmount()).isEqualTo("0");
        }
        assertThat(TestDatabase.get()
                        .queryLong(
                                database(),
                                "SELECT count(*) FROM low_balance_event WHERE customer_id = '" + customer + "'"))
                .as("the threshold was never crossed")
                .isZero();

        // N+1 overspent after its grant is used up: owed against N+1 (negative), not unbilled
        DebitResponse overN1 = debit(customer, usd("21"));
        assertThat(overN1.getShortfall().getAmount()).isEqualTo("2");
        assertThat(overN1.getBalanceAfter().getAmount()).isEqualTo("-2");
        assertThat(balance(customer, "USD").getUnbilledShortfall().getAmount()).isEqualTo("0");
    }

    @Test
    void aCustomerWithoutGrantsHasZeroAvailableWhileShortfallAccumulatesUnbilled() {
        // a $0-base pay-as-you-go customer
        String customer = newCustomer();
        Instant first = clock.instant().truncatedTo(ChronoUnit.MICROS).minus(Duration.ofHours(3));
        Instant last = first.plus(Duration.ofHours(2));
        assertThat(debitAt(customer, usd("0.5"), first).getBalanceAfter().getAmount())
                .isEqualTo("0");
        assertThat(debitAt(customer, usd("0.25"), first.plus(Duration.ofHours(1)))
                        .getBalanceAfter()
                        .getAmount())
                .isEqualTo("0");
        assertThat(debitAt(customer, usd("0.75"), last).getBalanceAfter().getAmount())
                .isEqualTo("0");
        Balance balance = balance(customer, "USD");
        assertThat(balance.getAvailable().getAmount()).isEqualTo("0");
        assertThat(balance.getShortfall().getAmount()).isEqualTo("1.5");
        assertThat(balance.getUnbilledShortfall().getAmount()).isEqualTo("1.5");
        assertThat(balance.getUnbilledShortfallTimeRange())
                .isEqualTo(TimeRange.newBuilder()
                        .setStartTime(timestamp(first))
                        .setEndTime(timestamp(last.plus(1, ChronoUnit.MICROS)))
                        .build());
        // nothing to reserve
        assertFails(
                () -> wallet.reserve(ReserveRequest.newBuilder()
                        .setCustomerId(customer)
                        .setAmount(usd("0.01"))
                        .setIdempotencyKey(newKey())
                        .build()),
                Reason.INSUFFICIENT_FUNDS);
    }
}
