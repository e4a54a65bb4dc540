package dev.tally.support.proto;

import dev.tally.support.error.Violations;
import java.util.List;
import java.util.function.Function;

/**
 * Paging of every List RPC, in one place: {@code page_size} 0 means {@link #DEFAULT_PAGE_SIZE},
 * above {@link #MAX_PAGE_SIZE} means the maximum, negative is INVALID_ARGUMENT; {@code page_token}
 * is opaque ({@link PageTokens}); {@code next_page_token} is empty on the last page.
 * <p>
 * A store reads {@link PageRequest#fetchSize()} rows (one more than the page) after
 * {@link PageRequest#after()}; {@link #page} keeps the page and makes the next token only when that
 * extra row exists, so the last page never ends with a token to an empty page.
 * <pre>{@code
 * String query = "ListTransactions|" + customerId + "|" + unit;        // the filters, stable text
 * PageRequest paging = Paging.request(violations, request.getPageSize(), request.getPageToken(), query);
 * violations.throwIfAny();
 * ... rows = store.entries(customerId, unit, paging.after(), paging.fetchSize());
 * Page<Entry> page = Paging.page(rows, paging, e -> String.valueOf(e.id()), query);
 * response.addAllTransactions(map(page.items())).setNextPageToken(page.nextPageToken());
 * }</pre>
 */
public final class Paging {

    public static final int DEFAULT_PAGE_SIZE = 100;
    public static final int MAX_PAGE_SIZE = 1000;

    private Paging() {}

    /** What a List call asked: the page size in force, and the position to continue after (null: first page). */
    public record PageRequest(int size, String after) {

        /** Rows to read: one more than the page, to know whether a next page exists. */
        public int fetchSize() {
            return size + 1;
        }
    }

    /** One page of results and the token of the next one (empty on the last page). */
    public record Page<T>(List<T> items, String nextPageToken) {}

    /** {@code page_size} in force: 0 → default, above the maximum → maximum, negative → violation. */
    public static int pageSize(Violations violations, int requested) {
        if (requested < 0) {
            violations.add("page_size", "must not be negative (0 means the default, " + DEFAULT_PAGE_SIZE + ")");
            return DEFAULT_PAGE_SIZE;
        }
        return requested == 0 ? DEFAULT_PAGE_SIZE : Math.min(requested, MAX_PAGE_SIZE);
    }

    public static PageRequest request(Violations violations, int pageSize, String pageToken, String query) {
        return new PageRequest(pageSize(violations, pageSize), PageTokens.decode(violations, pageToken, query));
    }

    /**
     * @param fetched  up to {@link PageRequest#fetchSize()} rows in list order
     * @param position the position of a row, as {@link PageRequest#after()} will receive it back
     */
    public static <T> Page<T> page(List<T> fetched, PageRequest request, Function<T, String> position, String query) {
        if (fetched.size() <= request.size()) {
            return new Page<>(List.copyOf(fetched), "");
        }
        List<T> items = List.copyOf(fetched.subList(0, request.size()));
        return new Page<>(items, PageTokens.encode(query, position.apply(items.get(items.size() - 1))));
    }
}
