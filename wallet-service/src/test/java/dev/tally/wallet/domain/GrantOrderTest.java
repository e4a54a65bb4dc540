package dev.tally.wallet.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class GrantOrderTest {

    @Test
    void priorityThenSoonestExpiryThenOldestWithNeverExpiringLast() {
        Grant packOld = grant("pack-old", 0, null, 1);
        Grant packNew = grant("pack-new", 0, null, 5);
        Grant subscription = grant("subscription", 0, "2025-08-01T00:00:00Z", 2);
        Grant promo = grant("promo", 0, "2025-07-20T00:00:00Z", 3);
        Grant urgent = grant("urgent", -5, null, 4);

        List<Grant> ordered = List.of(packNew, subscription, packOld, urgent, promo).stream()
                .sorted(GrantOrder.CONSUMPTION)
                .toList();

        assertThat(ordered)
                .extracting(Grant::description)
                .containsExactly("urgent", "promo", "subscription", "pack-old", "pack-new");
    }

    private static Grant grant(String name, int priority, String expiresAt, long createdVersion) {
        return new Grant(
                UUID.randomUUID(),
                "c",
                "CREDITS",
                GrantSource.PACK,
                BigDecimal.TEN,
                BigDecimal.TEN,
                Instant.EPOCH,
                expiresAt == null ? null : Instant.parse(expiresAt),
                priority,
                null,
                null,
                null,
                name,
                createdVersion,
                Instant.EPOCH,
                null);
    }
}
