/**
 * The proto ↔ domain mapping kit every service uses in its {@code grpc} package: exact decimals
 * ({@link dev.tally.support.proto.Decimals}, {@link dev.tally.support.proto.ProtoMoney}),
 * timestamps ({@link dev.tally.support.proto.ProtoTime}), identifiers
 * ({@link dev.tally.support.proto.Identifiers}), paging ({@link dev.tally.support.proto.Paging},
 * {@link dev.tally.support.proto.PageTokens}) and batch sizes
 * ({@link dev.tally.support.proto.BatchLimits}). Every parser takes a
 * {@link dev.tally.support.error.Violations} and the field's path in the request (e.g.
 * {@code items[3].amount}), adds a violation and returns null on bad input, so one request reports
 * all of its bad fields at once.
 *
 * <h2>Mapper classes: one naming rule</h2>
 * In each service, {@code grpc/<Topic>Requests} maps requests to domain commands and queries (it
 * validates, collecting violations) and {@code grpc/<Topic>Responses} maps domain results to
 * responses (it never fails). {@code <Topic>} is the RPC group (e.g. {@code PriceRequests},
 * {@code SyncResponses}); a service with one topic may use plain {@code Requests} / {@code Responses}.
 * Enum mappings live with the direction they serve (proto → domain in {@code Requests}, domain →
 * proto in {@code Responses}).
 *
 * <h2>Enums: an exhaustive {@code switch} in both directions</h2>
 * Never {@code valueOf("PREFIX_" + name())}: that compiles when a value is added on one side only
 * and fails at run time. A {@code switch} expression over an enum without {@code default} must name
 * every constant, so adding one to the contract or the domain breaks the build until it is mapped:
 * <pre>{@code
 * // proto → domain (in Requests): UNSPECIFIED and UNRECOGNIZED (a newer client's value) are null,
 * // which the caller reports as a field violation ("must be set" / "is not a known value").
 * static GrantSource grantSource(dev.tally.wallet.v1.GrantSource source) {
 *     return switch (source) {
 *         case GRANT_SOURCE_SUBSCRIPTION -> GrantSource.SUBSCRIPTION;
 *         case GRANT_SOURCE_PACK -> GrantSource.PACK;
 *         case GRANT_SOURCE_TOP_UP -> GrantSource.TOP_UP;
 *         case GRANT_SOURCE_PROMO -> GrantSource.PROMO;
 *         case GRANT_SOURCE_UNSPECIFIED, UNRECOGNIZED -> null;
 *     };
 * }
 *
 * // domain → proto (in Responses): total, no null, no default branch.
 * static dev.tally.wallet.v1.GrantSource grantSource(GrantSource source) {
 *     return switch (source) {
 *         case SUBSCRIPTION -> dev.tally.wallet.v1.GrantSource.GRANT_SOURCE_SUBSCRIPTION;
 *         case PACK -> dev.tally.wallet.v1.GrantSource.GRANT_SOURCE_PACK;
 *         case TOP_UP -> dev.tally.wallet.v1.GrantSource.GRANT_SOURCE_TOP_UP;
 *         case PROMO -> dev.tally.wallet.v1.GrantSource.GRANT_SOURCE_PROMO;
 *     };
 * }
 * }</pre>
 * Enum names stored in the database ({@code entry_type = 'DEBIT'}) are the domain enum's names,
 * read back with the domain enum's own {@code valueOf}, never the proto's.
 */
package dev.tally.support.proto;
