package dev.tally.invoice.grpc;

import dev.tally.support.error.Violations;
import dev.tally.support.proto.Paging;
import java.util.List;
import java.util.function.Function;

/**
 * Paging of this service's lists with the kit's tokens ({@link Paging}): a token carries the id of
 * the last row of its page, bound to the list's filters. The invoice contract's default page size
 * is 50 (the kit's is 100), so 0 becomes 50 before the kit's rule (maximum 1000, negative refused).
 */
final class Pages {

    static final int DEFAULT_PAGE_SIZE = 50;

    private Pages() {}

    /**
     * A validated List call: its filters, the page asked for, and the filters as the stable text
     * its tokens are bound to.
     */
    record Listing<F>(F filter, Paging.PageRequest paging, String query) {

        /** The id of the row to continue after; null for the first page. */
        String after() {
            return paging.after();
        }

        /** Rows to read: one more than the page. */
        int fetchSize() {
            return paging.fetchSize();
        }

        /** The page of {@code fetched} and the token of the next one (a row's position: its id). */
        <T> Paging.Page<T> page(List<T> fetched, Function<T, String> id) {
            return Paging.page(fetched, paging, id, query);
        }
    }

    static <F> Listing<F> listing(Violations v, F filter, int pageSize, String pageToken, String query) {
        return new Listing<>(
                filter, Paging.request(v, pageSize == 0 ? DEFAULT_PAGE_SIZE : pageSize, pageToken, query), query);
    }
}
