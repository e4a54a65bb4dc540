package dev.tally.wallet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.common.util.concurrent.ListenableFuture;
import dev.tally.common.v1.TimeRange;
import dev.tally.testing.TestDatabase;
import dev.tally.testing.Waits;
import dev.tally.wallet.domain.DebitCommand;
import dev.tally.wallet.v1.DebitRequest;
import dev.tally.wallet.v1.DebitResponse;
import dev.tally.wallet.v1.GrantCreditsRequest;
import dev.tally.wallet.v1.GrantCreditsResponse;
import dev.tally.wallet.v1.GrantSource;
import dev.tally.wallet.v1.SetLowBalanceThresholdRequest;
import dev.tally.wallet.v1.SetLowBalanceThresholdResponse;
import dev.tally.wallet.v1.SettleShortfallRequest;
import dev.tally.wallet.v1.SettleShortfallResponse;
import dev.tally.wallet.v1.TopUpRequest;
import dev.tally.wallet.v1.TopUpResponse;
import dev.tally.wallet.v1.WalletServiceGrpc;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Every mutating RPC is idempotent: a replay (same key, same payload) returns the response stored
 * the first time - amounts and balances as they were then - with duplicate = true, and writes
 * nothing.
 */
@QuarkusTest
class IdempotencyTest extends WalletTest {

    @Test
    void aDebitReplayReturnsTheOriginalAnswerEvenAfterLaterChanges() {
        String customer = newCustomer();
        grant(customer, credits("10"), GrantSource.GRANT_SOURCE_PACK, null);
        DebitRequest request = debitRequest(customer, credits("1.50"), newKey()).toBuilder()
                .putMetadata("model", "gpt-4o")
                .build();
        DebitResponse first = wallet.debit(request);
        debit(customer, credits("2"));
        long entries = LedgerInvariant.entryCount(database());

        DebitResponse replay =
                wallet.debit(request.toBuilder().setAmount(credits("1.5")).build());

        assertThat(replay.getDuplicate()).isTrue();
        assertThat(replay.toBuilder().setDuplicate(false).build()).isEqualTo(first);
        assertThat(replay.getBalanceAfter().getAmount()).as("as it was then").isEqualTo("8.5");
        assertThat(LedgerInvariant.entryCount(database())).isEqualTo(entries);
        assertThat(balance(customer, "CREDITS").getAvailable().getAmount()).isEqualTo("6.5");
    }

    @Test
    void topUpGrantSettlementAndThresholdReplays() {
        String customer = newCustomer();
        TopUpRequest topUp = TopUpRequest.newBuilder()
                .setCustomerId(customer)
                .setAmount(usd("20"))
                .setReference("pay_1")
                .setIdempotencyKey(newKey())
                .build();
        TopUpResponse toppedUp = wallet.topUp(topUp);
        GrantCreditsRequest grant = GrantCreditsRequest.newBuilder()
                .setCustomerId(customer)
                .setAmount(usd("5"))
                .setSource(GrantSource.GRANT_SOURCE_PROMO)
                .setIdempotencyKey(newKey())
                .build();
        GrantCreditsResponse granted = wallet.grantCredits(grant);
        debit(customer, usd("30"));
        SettleShortfallRequest settle = SettleShortfallRequest.newBuilder()
                .setCustomerId(customer)
                .setCurrencyCode("USD")
                .setTimeRange(TimeRange.newBuilder().setEndTime(timestamp(Instant.now())))
                .setReference("inv_1")
                .setIdempotencyKey(newKey())
                .build();
        SettleShortfallResponse settled = wallet.settleShortfall(settle);
        SetLowBalanceThresholdRequest threshold = SetLowBalanceThresholdRequest.newBuilder()
                .setCustomerId(customer)
                .setCurrencyCode("USD")
                .setThreshold(usd("1"))
                .setIdempotencyKey(newKey())
                .build();
        SetLowBalanceThresholdResponse thresholdSet = wallet.setLowBalanceThreshold(threshold);
        long entries = LedgerInvariant.entryCount(database());
        long version = balance(customer, "USD").getVersion();

        assertThat(wallet.topUp(topUp))
                .isEqualTo(toppedUp.toBuilder().setDuplicate(true).build());
        assertThat(wallet.grantCredits(grant))
                .isEqualTo(granted.toBuilder().setDuplicate(true).build());
        assertThat(wallet.settleShortfall(settle))
                .isEqualTo(settled.toBuilder().setDuplicate(true).build());
        assertThat(wallet.setLowBalanceThreshold(threshold))
                .isEqualTo(thresholdSet.toBuilder().setDuplicate(true).build());

        assertThat(settled.getSettled().getAmount()).isEqualTo("5"); // 20 + 5 - 30 = -5 owed
        assertThat(LedgerInvariant.entryCount(database())).isEqualTo(entries);
        assertThat(balance(customer, "USD").getVersion()).isEqualTo(version);
    }

    @Test
    void aKeyCommittedMeanwhileByAnotherWriterIsAnsweredAsItsReplay() throws Exception {
        String customer = newCustomer();
        grant(customer, credits("10"), GrantSource.GRANT_SOURCE_PACK, null);
        DebitRequest request = debitRequest(customer, credits("1"), newKey());
        byte[] sameRequest = new DebitCommand(
                        customer,
                        dev.tally.shared.money.Money.of("1", "CREDITS"),
                        null,
                        request.getIdempotencyKey(),
                        request.getReference(),
                        null,
                        Map.of())
                .payloadHash();
        DebitResponse answeredElsewhere = DebitResponse.newBuilder()
                .setDebitId("debit-of-the-other-writer")
                .build();
        TestDatabase db = TestDatabase.get();
        try (Connection otherWriter = DriverManager.getConnection(db.jdbcUrl(database()), db.user(), db.password())) {
            otherWriter.setAutoCommit(false);
            try (PreparedStatement insert = otherWriter.prepareStatement("INSERT INTO idempotency_record (scope,"
                    + " idempotency_key, method, request_hash, response, resource_id, created_at)"
                    + " VALUES (?, ?, 'Debit', ?, ?, NULL, now())")) {
                insert.setString(1, customer);
                insert.setString(2, request.getIdempotencyKey());
                insert.setBytes(3, sameRequest);
                insert.setBytes(4, answeredElsewhere.toByteArray());
                insert.executeUpdate();
            }
            ListenableFuture<DebitResponse> debit =
                    WalletServiceGrpc.newFutureStub(channel).debit(request);
            await("the debit waits on the other writer's uncommitted key")
                    .atMost(Waits.PATIENTLY)
                    .until(() -> db.queryLong(
                                    database(),
                                    "SELECT count(*) FROM pg_stat_activity WHERE datname ="
                                            + " current_database() AND wait_event_type = 'Lock'"
                                            + " AND query LIKE 'INSERT INTO idempotency_record%'")
                            == 1);
            otherWriter.commit();

            DebitResponse answer = debit.get(30, TimeUnit.SECONDS);

            assertThat(answer.getDuplicate()).isTrue();
            assertThat(answer.getDebitId()).isEqualTo("debit-of-the-other-writer");
        }
        assertThat(balance(customer, "CREDITS").getAvailable().getAmount())
                .as("the first attempt rolled back")
                .isEqualTo("10");
    }

    @Test
    void concurrentFirstTopUpsOfANewWalletApplyOnce() throws Exception {
        String customer = newCustomer();
        TopUpRequest topUp = TopUpRequest.newBuilder()
                .setCustomerId(customer)
                .setAmount(usd("7.25"))
                .setIdempotencyKey(newKey())
                .build();
        WalletServiceGrpc.WalletServiceFutureStub inFlight = WalletServiceGrpc.newFutureStub(channel);
        List<ListenableFuture<TopUpResponse>> calls = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            calls.add(inFlight.topUp(topUp));
        }
        List<TopUpResponse> responses = new ArrayList<>();
        for (ListenableFuture<TopUpResponse> call : calls) {
            responses.add(call.get(30, TimeUnit.SECONDS));
        }
        assertThat(responses).filteredOn(r -> !r.getDuplicate()).hasSize(1);
        assertThat(responses)
                .extracting(r -> r.getGrant().getGrantId())
                .containsOnly(responses.get(0).getGrant().getGrantId());
        assertThat(balance(customer, "USD").getAvailable().getAmount()).isEqualTo("7.25");
    }
}
