package dev.tally.support.proto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tally.support.error.TallyException;
import dev.tally.support.error.Violations;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PagingTest {

    private static final String QUERY = "ListTransactions|cust-1|USD";

    @Test
    void pageSizeRule() {
        Violations v = new Violations();
        assertThat(Paging.pageSize(v, 0)).isEqualTo(Paging.DEFAULT_PAGE_SIZE);
        assertThat(Paging.pageSize(v, 7)).isEqualTo(7);
        assertThat(Paging.pageSize(v, 1_000_000)).isEqualTo(Paging.MAX_PAGE_SIZE);
        assertThat(v.isEmpty()).isTrue();
        Paging.pageSize(v, -1);
        assertThat(v.list()).extracting(TallyException.FieldViolation::field).containsExactly("page_size");
    }

    @Test
    void pagesThroughAListWithTokens() {
        List<Integer> rows = IntStream.rangeClosed(1, 5).boxed().toList();
        Violations v = new Violations();
        Paging.PageRequest first = Paging.request(v, 2, "", QUERY);
        assertThat(first.after()).isNull();
        // the store reads fetchSize() = 3 rows; the third only proves a next page exists
        Paging.Page<Integer> page1 = Paging.page(rows.subList(0, first.fetchSize()), first, String::valueOf, QUERY);
        assertThat(page1.items()).containsExactly(1, 2);

        Paging.PageRequest second = Paging.request(v, 2, page1.nextPageToken(), QUERY);
        assertThat(second.after()).isEqualTo("2");
        Paging.Page<Integer> page2 = Paging.page(rows.subList(2, 5), second, String::valueOf, QUERY);
        assertThat(page2.items()).containsExactly(3, 4);

        Paging.PageRequest third = Paging.request(v, 2, page2.nextPageToken(), QUERY);
        Paging.Page<Integer> page3 = Paging.page(rows.subList(4, 5), third, String::valueOf, QUERY);
        assertThat(page3.items()).containsExactly(5);
        assertThat(page3.nextPageToken()).isEmpty();
        assertThat(v.isEmpty()).isTrue();
        assertThat(PageTokens.decodeLong(v, page1.nextPageToken(), QUERY)).isEqualTo(2L);
    }

    @ParameterizedTest
    @ValueSource(strings = {"garbage!", "AAAA", "ZW50cnk6MTA", "%%%", "AQ"})
    void garbageTokensAreInvalidArgumentOnPageToken(String token) {
        Violations v = new Violations();
        assertThat(PageTokens.decode(v, token, QUERY)).isNull();
        assertThatThrownBy(v::throwIfAny).isInstanceOfSatisfying(TallyException.class, e -> {
            assertThat(e.code()).isEqualTo(io.grpc.Status.Code.INVALID_ARGUMENT);
            assertThat(e.violations())
                    .extracting(TallyException.FieldViolation::field)
                    .containsExactly("page_token");
        });
    }

    @Test
    void editedTokenOrOtherFiltersAreRefused() {
        String token = PageTokens.encode(QUERY, "42");
        Violations v = new Violations();
        assertThat(PageTokens.decode(v, token, "ListTransactions|cust-2|USD")).isNull();
        char last = token.charAt(token.length() - 1);
        String edited = token.substring(0, token.length() - 1) + (last == 'A' ? 'B' : 'A');
        assertThat(PageTokens.decode(v, edited, QUERY)).isNull();
        assertThat(v.list()).hasSize(2);
        assertThat(PageTokens.decode(new Violations(), token, QUERY)).isEqualTo("42");
    }

    @Test
    void positionsMayHoldAnyText() {
        String position = "anthropic/claude-3.5|ünï";
        assertThat(PageTokens.decode(new Violations(), PageTokens.encode(QUERY, position), QUERY))
                .isEqualTo(position);
    }

    @Test
    void identifierAndBatchRules() {
        Violations v = new Violations();
        assertThat(Identifiers.required(v, "customer_id", "cust-ü-1")).isEqualTo("cust-ü-1");
        assertThat(Identifiers.required(v, "idempotency_key", "x".repeat(128))).hasSize(128);
        assertThat(Identifiers.required(v, "idempotency_key", "x".repeat(129))).isNull();
        assertThat(Identifiers.required(v, "idempotency_key", "a\tb")).isNull();
        assertThat(Identifiers.required(v, "customer_id", "")).isNull();
        assertThat(Identifiers.optional(v, "reference", "")).isNull();
        // 128 emoji are 256 UTF-16 units but 128 characters
        assertThat(Identifiers.isValid("😀".repeat(128))).isTrue();
        assertThat(v.list()).hasSize(3);

        assertThatThrownBy(() -> BatchLimits.requireSize("debits", 1001, 1000))
                .isInstanceOfSatisfying(TallyException.class, e -> {
                    assertThat(e.code()).isEqualTo(io.grpc.Status.Code.INVALID_ARGUMENT);
                    assertThat(e.reason()).isEqualTo("VALIDATION_FAILED");
                    assertThat(e.metadata()).containsEntry("max_items", "1000");
                    assertThat(e.violations())
                            .extracting(TallyException.FieldViolation::field)
                            .containsExactly("debits");
                });
        assertThatThrownBy(() -> BatchLimits.requireSize("debits", 0, 1000)).isInstanceOf(TallyException.class);
        BatchLimits.requireSize("debits", 1000, 1000);
    }
}
