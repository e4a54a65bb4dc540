package dev.tally.invoice.grpc;

import dev.tally.support.error.Violations;
import dev.tally.support.proto.PageTokens;
import dev.tally.support.proto.Paging;

import java.time.Instant;

/**
 * Paging of this service's lists with the kit's tokens. The invoice contract's default page size
 * is 50 (the kit's is 100), so 0 becomes 50 before the kit's rule (maximum 1000, negative refused).
 * Newest-first lists continue after a position {@code <create time in µs>|<id>}.
 */
final class Pages {

    static final int DEFAULT_PAGE_SIZE = 50;

    private Pages() {
    }

    /** The page request; its {@code after} decoded by {@link #afterTime}/{@link #afterId}. */
    static Paging.PageRequest request(Violations v, int pageSize, String pageToken, String query) {
        return Paging.request(v, pageSize == 0 ? DEFAULT_PAGE_SIZE : pageSize, pageToken, query);
    }

    static String position(Instant createTime, String id) {
        long micros = createTime.getEpochSecond() * 1_000_000L + createTime.getNano() / 1000;
        return micros + "|" + id;
    }

    static Instant afterTime(Violations v, Paging.PageRequest paging) {
        if (paging.after() == null) {
            return null;
        }
        int bar = paging.after().indexOf('|');
        try {
            long micros = Long.parseLong(paging.after().substring(0, Math.max(bar, 0)));
            return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000);
        } catch (NumberFormatException e) {
            v.add(PageTokens.FIELD, "is not a page token this list call returned");
            return null;
        }
    }

    static String afterId(Paging.PageRequest paging) {
        return paging.after() == null ? null : paging.after().substring(paging.after().indexOf('|') + 1);
    }
}
