package dev.tally.wallet.grpc;

import static dev.tally.wallet.grpc.BalanceResponses.balance;
import static dev.tally.wallet.grpc.BalanceResponses.grant;
import static dev.tally.wallet.grpc.BalanceResponses.money;

import dev.tally.support.idempotency.Replies;
import dev.tally.wallet.domain.ExpiryResult;
import dev.tally.wallet.domain.GrantResult;
import dev.tally.wallet.v1.ExpireGrantsResponse;
import dev.tally.wallet.v1.ExpiredGrant;
import dev.tally.wallet.v1.GrantCreditsResponse;
import dev.tally.wallet.v1.TopUpResponse;

/** Grant results (TopUp, GrantCredits, ExpireGrants) to responses. Never fails. */
final class GrantResponses {

    static final Replies<TopUpResponse> TOP_UP = Replies.of(
            TopUpResponse.parser(), r -> r.toBuilder().setDuplicate(true).build());
    static final Replies<GrantCreditsResponse> GRANT_CREDITS = Replies.of(
            GrantCreditsResponse.parser(), r -> r.toBuilder().setDuplicate(true).build());
    static final Replies<ExpireGrantsResponse> EXPIRE_GRANTS = Replies.of(
            ExpireGrantsResponse.parser(), r -> r.toBuilder().setDuplicate(true).build());

    private GrantResponses() {}

    static TopUpResponse topUp(GrantResult result) {
        return TopUpResponse.newBuilder()
                .setGrant(grant(result.grant()))
                .setShortfallSettled(
                        money(result.shortfallSettled(), result.grant().unit()))
                .setBalance(balance(result.balance()))
                .build();
    }

    static GrantCreditsResponse grantCredits(GrantResult result) {
        return GrantCreditsResponse.newBuilder()
                .setGrant(grant(result.grant()))
                .setShortfallSettled(
                        money(result.shortfallSettled(), result.grant().unit()))
                .setBalance(balance(result.balance()))
                .build();
    }

    static ExpireGrantsResponse expireGrants(ExpiryResult result) {
        String unit = result.balance().unit();
        ExpireGrantsResponse.Builder response = ExpireGrantsResponse.newBuilder()
                .setTotalExpired(money(result.totalExpired(), unit))
                .setBalance(balance(result.balance()));
        result.expired()
                .forEach(expired -> response.addExpired(ExpiredGrant.newBuilder()
                        .setGrant(grant(expired.grant()))
                        .setExpiredAmount(money(expired.amount(), unit))));
        return response.build();
    }
}
