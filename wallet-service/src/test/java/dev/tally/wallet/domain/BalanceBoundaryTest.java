package dev.tally.wallet.domain;

import static dev.tally.wallet.domain.Books.LATE_LIMIT;
import static dev.tally.wallet.domain.Books.at;
import static dev.tally.wallet.domain.Books.dec;
import static dev.tally.wallet.domain.Books.t;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * When a balance changes without any write: only at the next effective or expire time of one of its
 * grants ({@link BalanceView#nextBoundary}), which is how long a cached read stays true.
 */
class BalanceBoundaryTest {

    private static final Instant JULY = t("2025-07-01T00:00:00Z");
    private static final Instant AUGUST = t("2025-08-01T00:00:00Z");
    private static final Instant SEPTEMBER = t("2025-09-01T00:00:00Z");

    private final BalanceBook book = Books.credits();

    @Test
    void theNextBoundaryIsTheEarliestEffectiveOrExpireTimeAfterNow() {
        // July's grant [07-01, 08-01), August's [08-01, 09-01), a top-up that never expires
        book.grant(GrantSource.SUBSCRIPTION, dec("1000"), JULY, AUGUST, 0, "sub/07", null, LATE_LIMIT, at(JULY));
        book.grant(GrantSource.SUBSCRIPTION, dec("1000"), AUGUST, SEPTEMBER, 0, "sub/08", null, LATE_LIMIT, at(JULY));
        book.grant(GrantSource.TOP_UP, dec("5"), JULY, null, 0, null, null, LATE_LIMIT, at(JULY));

        // mid-July: granted 1005, upcoming 1000, until August's grant starts and July's ends (08-01)
        BalanceView july = book.view(t("2025-07-15T00:00:00Z"));
        assertThat(july.granted()).isEqualByComparingTo("1005");
        assertThat(july.nextBoundary()).isEqualTo(AUGUST);

        // at 08-01 exactly the boundary has passed: granted 1005 (August + top-up), lapsed 1000, next 09-01
        BalanceView august = book.view(AUGUST);
        assertThat(august.granted()).isEqualByComparingTo("1005");
        assertThat(august.lapsed()).isEqualByComparingTo("1000");
        assertThat(august.nextBoundary()).isEqualTo(SEPTEMBER);

        // after 09-01 nothing changes with time any more: only the top-up is in force, forever
        BalanceView later = book.view(t("2025-10-01T00:00:00Z"));
        assertThat(later.granted()).isEqualByComparingTo("5");
        assertThat(later.nextBoundary()).isNull();
    }

    @Test
    void aBalanceWithoutGrantsNeverChangesWithTime() {
        assertThat(BalanceView.empty("c1", "CREDITS", JULY).nextBoundary()).isNull();
    }
}
