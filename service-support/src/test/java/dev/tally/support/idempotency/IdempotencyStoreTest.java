package dev.tally.support.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import dev.tally.support.error.TallyException;
import dev.tally.testing.TestDatabase;
import io.grpc.Status;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgBuilder;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The idempotency store on a real PostgreSQL, with the table created from the snippet services
 * copy. The "change" each call guards is one row in {@code ledger}; a response is a {@link Struct}
 * whose {@code duplicate} field the replies set.
 */
class IdempotencyStoreTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final Replies<Struct> REPLIES = Replies.of(
            Struct.parser(),
            r -> r.toBuilder()
                    .putFields(
                            "duplicate", Value.newBuilder().setBoolValue(true).build())
                    .build());

    private static TestDatabase pg;
    private static String database;
    private static Vertx vertx;
    private static Pool pool;

    private final IdempotencyStore store = new IdempotencyStore();
    private final AtomicInteger changesRun = new AtomicInteger();

    @BeforeAll
    static void database() {
        pg = TestDatabase.get();
        database = pg.createDatabase("kit");
        pg.executeIn(database, snippet());
        pg.executeIn(
                database,
                "CREATE TABLE ledger (entry_id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
                        + " scope TEXT NOT NULL, amount NUMERIC NOT NULL)");
        vertx = Vertx.vertx();
        pool = PgBuilder.pool()
                .with(new PoolOptions().setMaxSize(10))
                .connectingTo(PgConnectOptions.fromUri(pg.reactiveUrl(database))
                        .setUser(pg.user())
                        .setPassword(pg.password()))
                .using(vertx)
                .build();
    }

    @AfterAll
    static void close() {
        pool.closeAndAwait();
        vertx.closeAndAwait();
        pg.dropDatabase(database);
    }

    @BeforeEach
    void empty() {
        pg.executeIn(database, "TRUNCATE idempotency_record, ledger");
    }

    @Test
    void firstCallAppliesAndARetryReplaysTheStoredResponse() {
        RequestKey key = debit("cust-1", "k1", "1.50");

        Reply<Struct> first = call(key, "1.50");
        Reply<Struct> retry = call(debit("cust-1", "k1", "1.5"), "1.5"); // same amount by value

        assertThat(first.duplicate()).isFalse();
        assertThat(first.response().getFieldsMap()).doesNotContainKey("duplicate");
        assertThat(retry.duplicate()).isTrue();
        assertThat(retry.response()).isEqualTo(REPLIES.markDuplicate().apply(first.response()));
        assertThat(changesRun).hasValue(1);
        assertThat(count("ledger")).isEqualTo(1);
        assertThat(count("idempotency_record")).isEqualTo(1);
        assertThat(
                        pg.queryLong(
                                database,
                                "SELECT count(*) FROM idempotency_record WHERE scope = 'cust-1'"
                                        + " AND idempotency_key = 'k1' AND method = 'Debit' AND created_at = '2026-03-01T12:00:00Z'"))
                .isEqualTo(1);
    }

    @Test
    void sameKeyWithAnotherPayloadOrMethodIsRefusedAndChangesNothing() {
        call(debit("cust-1", "k1", "1.50"), "1.50");

        assertThatThrownBy(() -> call(debit("cust-1", "k1", "2"), "2"))
                .isInstanceOfSatisfying(TallyException.class, e -> {
                    assertThat(e.code()).isEqualTo(Status.Code.ALREADY_EXISTS);
                    assertThat(e.reason()).isEqualTo("IDEMPOTENCY_KEY_REUSED");
                    assertThat(e.metadata()).containsEntry("idempotency_key", "k1");
                });
        RequestKey otherMethod = new RequestKey("cust-1", "k1", "TopUp", PayloadHash.of("1.5"));
        assertThatThrownBy(() -> call(otherMethod, "1.5")).isInstanceOf(TallyException.class);
        assertThat(count("ledger")).isEqualTo(1);
        assertThat(changesRun).hasValue(1);
    }

    @Test
    void keysAreScopedToTheCustomerOrTheService() {
        call(debit("cust-1", "k1", "1"), "1");
        Reply<Struct> otherCustomer = call(debit("cust-2", "k1", "1"), "1");
        Reply<Struct> admin = call(new RequestKey(RequestKey.SERVICE_SCOPE, "k1", "Debit", PayloadHash.of("1")), "1");

        assertThat(otherCustomer.duplicate()).isFalse();
        assertThat(admin.duplicate()).isFalse();
        assertThat(count("idempotency_record")).isEqualTo(3);
    }

    @Test
    void aFailedChangeLeavesNoRecordSoTheRetryApplies() {
        RequestKey key = debit("cust-1", "k1", "1");
        Uni<Reply<Struct>> failing = pool.withTransaction(tx -> store.once(
                tx,
                key,
                REPLIES,
                NOW,
                () -> insertEntry(tx, "cust-1", "1")
                        .chain(() -> Uni.createFrom().failure(new IllegalStateException("boom")))));
        assertThatThrownBy(() -> failing.await().atMost(WAIT)).hasMessage("boom");
        assertThat(count("idempotency_record")).isZero();
        assertThat(count("ledger")).isZero();

        assertThat(call(key, "1").duplicate()).isFalse();
        assertThat(count("ledger")).isEqualTo(1);
    }

    @Test
    void replayReportsTheResourceTheFirstCallNamed() {
        RequestKey key = new RequestKey(RequestKey.SERVICE_SCOPE, "sync-1", "SyncNow", PayloadHash.of("LITELLM"));
        Struct response = Struct.newBuilder()
                .putFields("state", Value.newBuilder().setStringValue("RUNNING").build())
                .build();
        Reply<Struct> replay = null;
        for (int i = 0; i < 2; i++) {
            replay = pool.withTransaction(tx -> store.onceWithResource(
                            tx, key, REPLIES, NOW, () -> Uni.createFrom().item(new Reply<>(response, false, "run-42"))))
                    .await()
                    .atMost(WAIT);
        }
        assertThat(replay.duplicate()).isTrue();
        assertThat(replay.resourceId()).isEqualTo("run-42");
    }

    /**
     * Two replicas, the same key, at the same instant: both find no record; the second's insert
     * waits for the first transaction, fails with a unique violation when it commits, and the
     * second call's retry replays the first's response. One ledger entry, one record.
     */
    @Test
    void concurrentFirstCallsOnTwoConnectionsApplyOnceAndTheLoserReplays() throws Exception {
        RequestKey key = debit("cust-1", "k1", "5");
        SqlConnection first = pool.getConnection().await().atMost(WAIT);
        Transaction tx = first.begin().await().atMost(WAIT);
        Reply<Struct> winner = store.once(first, key, REPLIES, NOW, () -> applyDebit(first, "cust-1", "5"))
                .await()
                .atMost(WAIT);

        CompletableFuture<Reply<Struct>> loser = store.retryOnRace(() -> pool.withTransaction(
                        conn -> store.once(conn, key, REPLIES, NOW, () -> applyDebit(conn, "cust-1", "5"))))
                .subscribeAsCompletionStage();
        await("the second insert to wait for the first transaction")
                .atMost(WAIT)
                .until(() -> pg.queryLong(
                                database,
                                "SELECT count(*) FROM pg_stat_activity WHERE datname = '" + database
                                        + "' AND wait_event_type = 'Lock'")
                        == 1);
        tx.commit().await().atMost(WAIT);
        first.closeAndAwait();

        Reply<Struct> replayed = loser.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(winner.duplicate()).isFalse();
        assertThat(replayed.duplicate()).isTrue();
        assertThat(replayed.response()).isEqualTo(REPLIES.markDuplicate().apply(winner.response()));
        assertThat(changesRun)
                .as("the loser's change ran once and was rolled back")
                .hasValue(2);
        assertThat(count("ledger")).isEqualTo(1);
        assertThat(count("idempotency_record")).isEqualTo(1);
    }

    @Test
    void manySimultaneousFirstCallsApplyExactlyOnce() {
        RequestKey key = debit("cust-1", "k1", "5");
        List<Uni<Reply<Struct>>> calls = IntStream.range(0, 8)
                .mapToObj(i -> store.retryOnRace(() -> pool.withTransaction(
                        conn -> store.once(conn, key, REPLIES, NOW, () -> applyDebit(conn, "cust-1", "5")))))
                .toList();
        List<Reply<Struct>> replies =
                Uni.join().all(calls).andFailFast().await().atMost(WAIT);

        assertThat(replies).filteredOn(r -> !r.duplicate()).hasSize(1);
        assertThat(replies).filteredOn(Reply::duplicate).hasSize(7);
        assertThat(count("ledger")).isEqualTo(1);
        assertThat(count("idempotency_record")).isEqualTo(1);
    }

    @Test
    void batchFindsAndWritesAllKeysWithOneStatementEachAndDecidesPerItem() {
        call(debit("cust-1", "a", "1"), "1");
        List<RequestKey> items = List.of(
                debit("cust-1", "a", "1.0"), // replay of an earlier call
                debit("cust-1", "b", "2"), // new
                debit("cust-1", "b", "2"), // same key earlier in this batch: replays the item above
                debit("cust-1", "a", "9"), // reused with another amount: refused
                debit("cust-2", "a", "3"), // another customer's key "a": new
                debit("cust-1", "c", "4")); // new
        AtomicInteger storeStatements = new AtomicInteger();
        List<String> outcomes = pool.withTransaction(tx -> store.openBatch(
                                counting(tx, storeStatements), items, REPLIES)
                        .flatMap(batch -> {
                            List<String> results = new ArrayList<>();
                            Uni<Void> writes = Uni.createFrom().voidItem();
                            for (RequestKey key : items) {
                                try {
                                    Reply<Struct> replay = batch.replay(key);
                                    if (replay != null) {
                                        results.add("replayed "
                                                + replay.response()
                                                        .getFieldsOrThrow("amount")
                                                        .getStringValue());
                                        continue;
                                    }
                                    String amount = amountOf(key);
                                    batch.applied(key, response(amount), null);
                                    writes = writes.chain(() ->
                                            insertEntry(tx, key.scope(), amount).replaceWithVoid());
                                    results.add("applied " + amount);
                                } catch (TallyException refused) {
                                    results.add("refused " + refused.reason());
                                }
                            }
                            return writes.chain(() -> store.closeBatch(counting(tx, storeStatements), batch, NOW))
                                    .replaceWith(results);
                        }))
                .await()
                .atMost(WAIT);

        assertThat(outcomes)
                .containsExactly(
                        "replayed 1",
                        "applied 2",
                        "replayed 2",
                        "refused IDEMPOTENCY_KEY_REUSED",
                        "applied 3",
                        "applied 4");
        assertThat(count("idempotency_record")).isEqualTo(4);
        assertThat(count("ledger")).isEqualTo(4);
        assertThat(storeStatements)
                .as("one SELECT for six keys, one INSERT for three records")
                .hasValue(2);
    }

    @Test
    void aThousandKeysTravelAsArrays() {
        List<RequestKey> keys = IntStream.range(0, 1000)
                .mapToObj(i -> debit("cust-" + (i % 10), "k" + i, "1"))
                .toList();
        List<IdempotencyStore.NewRecord> records = keys.stream()
                .map(k -> new IdempotencyStore.NewRecord(k, response("1").toByteArray(), null))
                .toList();
        pool.withTransaction(tx -> store.insertAll(tx, records, NOW)).await().atMost(WAIT);

        var found = pool.withConnection(c ->
                        store.findAll(c, keys.stream().map(RequestKey::slot).toList()))
                .await()
                .atMost(WAIT);
        assertThat(found).hasSize(1000);
        assertThat(found.get(new RequestKey.Slot("cust-3", "k13")).method()).isEqualTo("Debit");
    }

    @Test
    void theTableEnforcesTheKeyRuleToo() {
        assertThatThrownBy(() -> pg.executeIn(
                        database,
                        "INSERT INTO idempotency_record VALUES ('c', E'a\\nb', 'Debit',"
                                + " sha256('x'), '', NULL, now())"))
                .hasMessageContaining("idempotency_record_idempotency_key_check");
        assertThatThrownBy(() -> pg.executeIn(
                        database,
                        "INSERT INTO idempotency_record VALUES ('c', repeat('k', 129),"
                                + " 'Debit', sha256('x'), '', NULL, now())"))
                .hasMessageContaining("idempotency_key_check");
    }

    @Test
    void aUniqueViolationOfAnotherTableIsNotARace() {
        pg.executeIn(database, "CREATE TABLE IF NOT EXISTS other (id INT PRIMARY KEY)");
        Throwable failure = pool.withTransaction(
                        tx -> tx.query("INSERT INTO other VALUES (1), (1)").execute())
                .onItem()
                .<Throwable>transform(rows -> null)
                .onFailure()
                .recoverWithItem(f -> f)
                .await()
                .atMost(WAIT);
        assertThat(store.isRace(failure)).isFalse();
    }

    private Reply<Struct> call(RequestKey key, String amount) {
        return store.retryOnRace(() -> pool.withTransaction(
                        tx -> store.once(tx, key, REPLIES, NOW, () -> applyDebit(tx, key.scope(), amount))))
                .await()
                .atMost(WAIT);
    }

    private Uni<Struct> applyDebit(SqlClient tx, String scope, String amount) {
        changesRun.incrementAndGet();
        return insertEntry(tx, scope, amount)
                .map(id -> response(amount).toBuilder()
                        .putFields(
                                "entry_id",
                                Value.newBuilder().setNumberValue(id).build())
                        .build());
    }

    private static Uni<Long> insertEntry(SqlClient tx, String scope, String amount) {
        return tx.preparedQuery("INSERT INTO ledger (scope, amount) VALUES ($1, $2) RETURNING entry_id")
                .execute(Tuple.of(scope, new BigDecimal(amount)))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    private static Struct response(String amount) {
        return Struct.newBuilder()
                .putFields("amount", Value.newBuilder().setStringValue(amount).build())
                .build();
    }

    /** A Debit key whose payload is the amount, hashed by value. */
    private static RequestKey debit(String customer, String key, String amount) {
        return new RequestKey(customer, key, "Debit", PayloadHash.of(new BigDecimal(amount)));
    }

    private static String amountOf(RequestKey key) {
        // the tests' keys are debits of these amounts
        for (String amount : List.of("1", "2", "3", "4", "5", "9")) {
            if (key.sameRequestAs(
                    new StoredRecord("Debit", PayloadHash.of(new BigDecimal(amount)), null, null, null))) {
                return amount;
            }
        }
        throw new IllegalArgumentException(key.toString());
    }

    /** The same connection, counting the statements run through it. */
    private static SqlClient counting(SqlClient client, AtomicInteger statements) {
        io.vertx.sqlclient.SqlClient delegate = client.getDelegate();
        return new SqlClient((io.vertx.sqlclient.SqlClient) java.lang.reflect.Proxy.newProxyInstance(
                IdempotencyStoreTest.class.getClassLoader(),
                new Class<?>[] {io.vertx.sqlclient.SqlClient.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("preparedQuery")
                            || method.getName().equals("query")) {
                        statements.incrementAndGet();
                    }
                    return method.invoke(delegate, args);
                }));
    }

    private static long count(String table) {
        return pg.queryLong(database, "SELECT count(*) FROM " + table);
    }

    static String snippet() {
        try (InputStream in = IdempotencyStore.class.getResourceAsStream("idempotency_record.sql")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
