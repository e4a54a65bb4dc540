package dev.tally.wallet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.testing.TestDatabase;
import dev.tally.wallet.v1.Balance;
import dev.tally.wallet.v1.DebitResponse;
import dev.tally.wallet.v1.GrantConsumption;
import dev.tally.wallet.v1.GrantCreditsResponse;
import dev.tally.wallet.v1.GrantSource;
import dev.tally.wallet.v1.SettleShortfallResponse;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Grants by time through the API, over two periods N = [start, boundary) and N+1 = [boundary,
 * end): each period's subscription grant is created before its period begins (N+1's one hour
 * before the boundary), and the service's clock then moves into N+1's grace window. Arithmetic as
 * in {@link dev.tally.wallet.domain.GrantsByTimeTest}.
 */
@QuarkusTest
class PeriodsTest extends WalletTest {

    private Instant start;
    private Instant boundary;
    private Instant end;
    private String customer;
    private String periodN;
    private String periodN1;

    @BeforeEach
    void twoPeriodsWithTheirGrants() {
        boundary = clock.instant().plus(Duration.ofHours(2)).truncatedTo(ChronoUnit.HOURS);
        start = boundary.minus(Duration.ofDays(30));
        end = boundary.plus(Duration.ofDays(30));
        customer = newCustomer();
        periodN = grant(customer, credits("1000"), GrantSource.GRANT_SOURCE_SUBSCRIPTION, start, boundary)
                .getGrant()
                .getGrantId();
        clock.advance(Duration.between(clock.instant(), boundary.minus(Duration.ofHours(1))));
        GrantCreditsResponse next =
                grant(customer, credits("1000"), GrantSource.GRANT_SOURCE_SUBSCRIPTION, boundary, end);
        periodN1 = next.getGrant().getGrantId();
        // an hour before the boundary: N's 1000 in force, N+1's 1000 upcoming
        assertThat(next.getBalance().getGranted().getAmount()).isEqualTo("1000");
        assertThat(next.getBalance().getUpcoming().getAmount()).isEqualTo("1000");
        assertThat(next.getBalance().getAvailable().getAmount()).isEqualTo("1000");
    }

    @Test
    void aLateEventOfNUsesNsGrantAndAnEventOfN1NeverUsesNsLeftovers() {
        clock.advance(Duration.ofMinutes(70)); // 10 minutes into N+1: N's grace window

        DebitResponse late = debitAt(customer, credits("100"), boundary.minusSeconds(60));
        assertThat(late.getConsumptionsList())
                .extracting(GrantConsumption::getGrantId)
                .containsExactly(periodN);
        // N: 1000 - 100 = 900 left, now lapsed; available = N+1's 1000
        assertThat(late.getBalanceAfter().getAmount()).isEqualTo("1000");
        assertThat(late.getOccurredTime()).isEqualTo(timestamp(boundary.minusSeconds(60)));

        DebitResponse next = debitAt(customer, credits("1200"), boundary.plusSeconds(300));
        // N+1's 1000 only: 200 shortfall, N's 900 untouched
        assertThat(next.getConsumptionsList())
                .extracting(GrantConsumption::getGrantId)
                .containsExactly(periodN1);
        assertThat(next.getShortfall().getAmount()).isEqualTo("200");
        Balance balance = balance(customer, "CREDITS");
        assertThat(balance.getGranted().getAmount()).isEqualTo("0");
        assertThat(balance.getLapsed().getAmount()).isEqualTo("900");
        assertThat(balance.getShortfall().getAmount()).isEqualTo("200");
        assertThat(balance.getAvailable().getAmount()).isEqualTo("-200");

        DebitResponse now = debit(customer, credits("1"));
        assertThat(now.getConsumptionsList())
                .as("nothing in force: N's leftovers are not used")
                .isEmpty();
        assertThat(now.getShortfall().getAmount()).isEqualTo("1");
    }

    @Test
    void nPlusOnesGrantNeverPaysNsShortfallAndSettlingNClaimsExactlyNsOutstanding() {
        DebitResponse overN = debitAt(customer, credits("1030"), boundary.minus(Duration.ofHours(2)));
        // N: 1000 covered, 30 shortfall in N
        assertThat(overN.getShortfall().getAmount()).isEqualTo("30");

        clock.advance(Duration.ofMinutes(70)); // into N+1
        DebitResponse lateN = debitAt(customer, credits("5"), boundary.minusSeconds(1));
        DebitResponse overN1 = debitAt(customer, credits("1007"), boundary.plusSeconds(60));
        // N+1's grant was created before N's shortfall and is never asked to pay it; N+1: 7 shortfall
        assertThat(lateN.getShortfall().getAmount()).isEqualTo("5");
        assertThat(overN1.getShortfall().getAmount()).isEqualTo("7");
        assertThat(balance(customer, "CREDITS").getShortfall().getAmount()).isEqualTo("42"); // 30 + 5 + 7

        SettleShortfallResponse invoiceN = settle(customer, "CREDITS", start, boundary, "inv_N");
        // exactly N's outstanding: 30 + 5 = 35 in 2 debits; N+1's 7 stays
        assertThat(invoiceN.getSettled().getAmount()).isEqualTo("35");
        assertThat(invoiceN.getSettledDebitCount()).isEqualTo(2);
        assertThat(invoiceN.getBalance().getShortfall().getAmount()).isEqualTo("7");

        GrantCreditsResponse pack = grant(customer, credits("100"), GrantSource.GRANT_SOURCE_PACK, null);
        // the pack pays what is still outstanding (N+1's 7), never N's claimed 35: keeps 93
        assertThat(pack.getShortfallSettled().getAmount()).isEqualTo("7");
        assertThat(pack.getGrant().getRemainingAmount().getAmount()).isEqualTo("93");
        assertThat(settle(customer, "CREDITS", start, boundary, "inv_N_again")
                        .getSettled()
                        .getAmount())
                .as("nothing of N is outstanding any more")
                .isEqualTo("0");
        assertThat(TestDatabase.get()
                        .queryLong(
                                database(),
                                "SELECT count(*) FROM shortfall WHERE customer_id = '" + customer
                                        + "' AND claim_reference = 'inv_N'"))
                .isEqualTo(2);
    }

    @Test
    void aPeriodsGrantCreatedLatePaysItsPeriodsShortfallSinceTheStart() {
        String late = newCustomer();
        clock.advance(Duration.ofMinutes(65)); // 5 minutes into N+1, no grant for late yet
        assertThat(debit(late, credits("30")).getShortfall().getAmount()).isEqualTo("30");
        clock.advance(Duration.ofMinutes(15));
        GrantCreditsResponse grant = grant(late, credits("1000"), GrantSource.GRANT_SOURCE_SUBSCRIPTION, boundary, end);
        // the debit occurred in [boundary, end): paid, 1000 - 30 = 970 left
        assertThat(grant.getShortfallSettled().getAmount()).isEqualTo("30");
        assertThat(grant.getBalance().getAvailable().getAmount()).isEqualTo("970");
    }
}
