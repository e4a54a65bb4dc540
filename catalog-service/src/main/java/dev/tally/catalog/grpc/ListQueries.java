package dev.tally.catalog.grpc;

import com.google.protobuf.MessageLite;
import java.util.HexFormat;

/** The query a List call's page token is bound to: the RPC and every field of its request but paging. */
final class ListQueries {

    private ListQueries() {}

    /**
     * @param filters the request with page_size and page_token cleared: a token is valid only for
     *                the same filters
     */
    static String of(String rpc, MessageLite filters) {
        return rpc + "|" + HexFormat.of().formatHex(filters.toByteArray());
    }
}
