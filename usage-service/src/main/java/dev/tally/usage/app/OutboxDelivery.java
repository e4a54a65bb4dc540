package dev.tally.usage.app;

import dev.tally.usage.client.WalletGateway;
import dev.tally.usage.client.WalletRequests;
import dev.tally.usage.config.UsageConfig;
import dev.tally.usage.domain.WalletOp;
import dev.tally.usage.domain.WalletReply;
import dev.tally.usage.store.DeliveryResult;
import dev.tally.usage.store.OutboxRow;
import dev.tally.usage.store.OutboxStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Delivers outbox rows to wallet-service: debits grouped into DebitBatch calls (the event id as the
 * key, the event's occurred time), captures, releases and reversals one call each. The wallet's
 * answer ({@link WalletReply}) decides each row:
 * <ul>
 * <li>applied (or a replay): the row is deleted and the event's debit state set;</li>
 * <li>refused for good: the event's status becomes FAILED with the wallet's error (ListEvents,
 * GetUsage show it), never retried; a capture whose hold is gone becomes a plain debit instead
 * (same key), a release of a hold that is gone is done;</li>
 * <li>not done now (wallet down, deadline, overloaded): retried after a delay that doubles per
 * attempt from {@code initial-backoff} up to {@code max-backoff}, with jitter.</li>
 * </ul>
 * The replica that stored an event delivers its row at once ({@link #deliver}); every replica polls
 * for due rows ({@link #poll}, from the job), which covers wallet outages, crashes and restarts.
 * Metrics: {@code tally_usage_outbox_depth}, {@code tally_usage_outbox_oldest_age_seconds},
 * {@code tally_usage_outbox_failures_total}, {@code tally_usage_outbox_retries_total},
 * {@code tally_usage_outbox_delivered_total}.
 */
@ApplicationScoped
public class OutboxDelivery {

    private static final Logger LOG = Logger.getLogger(OutboxDelivery.class);

    private final WalletGateway wallet;
    private final OutboxStore outbox;
    private final Clock clock;
    private final UsageConfig config;
    private final AtomicLong depth = new AtomicLong();
    private final AtomicLong oldestAgeSeconds = new AtomicLong();
    private final Counter failures;
    private final Counter retries;
    private final Counter delivered;

    OutboxDelivery(WalletGateway wallet, OutboxStore outbox, Clock clock, UsageConfig config, MeterRegistry registry) {
        this.wallet = wallet;
        this.outbox = outbox;
        this.clock = clock;
        this.config = config;
        registry.gauge("tally.usage.outbox.depth", depth);
        registry.gauge("tally.usage.outbox.oldest.age.seconds", oldestAgeSeconds);
        this.failures = Counter.builder("tally.usage.outbox.failures")
                .description("outbox rows the wallet refused for good")
                .register(registry);
        this.retries = Counter.builder("tally.usage.outbox.retries")
                .description("outbox deliveries to try again")
                .register(registry);
        this.delivered = Counter.builder("tally.usage.outbox.delivered")
                .description("outbox rows acknowledged")
                .register(registry);
    }

    /** One poll of a replica: claim due rows and deliver them until none is due (or a round claims less than a full batch). */
    public Uni<Void> poll() {
        wallet.connectNow(); // rows waiting for a wallet that was down: try it now, not after gRPC's backoff
        return drain().call(this::measure).onFailure().recoverWithItem(failure -> {
            LOG.warnf("outbox poll failed: %s", failure.getMessage());
            return null;
        });
    }

    /** Starts a round of delivery now (e.g. after a correction queued a reversal), in the background. */
    public void pollNow() {
        drain().subscribe().with(done -> {}, failure -> LOG.debugf("outbox round failed: %s", failure.getMessage()));
    }

    private Uni<Void> drain() {
        int limit = config.outbox().claimSize();
        return outbox.claim(clock.instant(), config.outbox().lease(), limit)
                .flatMap(rows -> rows.isEmpty()
                        ? Uni.createFrom().item(0)
                        : deliver(rows).map(results -> rows.size()))
                .flatMap(
                        claimed -> claimed >= limit ? drain() : Uni.createFrom().voidItem());
    }

    private Uni<Void> measure() {
        return outbox.depth()
                .invoke(d -> {
                    depth.set(d.rows());
                    oldestAgeSeconds.set(
                            d.oldestCreateTime() == null
                                    ? 0
                                    : Math.max(
                                            0,
                                            Duration.between(d.oldestCreateTime(), clock.instant())
                                                    .toSeconds()));
                })
                .replaceWithVoid();
    }

    /** Delivers the rows, records the results, and returns them by event. */
    Uni<Map<UUID, DeliveryResult>> deliver(List<OutboxRow> rows) {
        if (rows.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        List<OutboxRow> debits = new ArrayList<>();
        List<Uni<DeliveryResult>> singles = new ArrayList<>();
        for (OutboxRow row : rows) {
            switch (row.kind()) {
                case DEBIT -> debits.add(row);
                case CAPTURE -> singles.add(capture(row));
                case RELEASE -> singles.add(release(row));
                case REVERSE -> singles.add(reverse(row));
            }
        }
        List<Uni<List<DeliveryResult>>> calls = new ArrayList<>();
        int max = config.wallet().debitBatchMaxItems();
        for (int from = 0; from < debits.size(); from += max) {
            calls.add(debitBatch(debits.subList(from, Math.min(debits.size(), from + max))));
        }
        for (Uni<DeliveryResult> single : singles) {
            calls.add(single.map(List::of));
        }
        Map<Long, OutboxRow> byId = new HashMap<>();
        rows.forEach(r -> byId.put(r.outboxId(), r));
        return Uni.join()
                .all(calls)
                .andCollectFailures()
                .map(parts -> {
                    List<DeliveryResult> all = new ArrayList<>(rows.size());
                    parts.forEach(all::addAll);
                    return all;
                })
                .flatMap(results -> outbox.record(results).replaceWith(results))
                .flatMap(results -> {
                    count(results);
                    Map<UUID, DeliveryResult> byEvent = new HashMap<>();
                    List<OutboxRow> again = new ArrayList<>();
                    for (DeliveryResult result : results) {
                        OutboxRow row = byId.get(result.outboxId());
                        if (result instanceof DeliveryResult.Replaced replaced) {
                            again.add(new OutboxRow(
                                    row.outboxId(),
                                    row.eventId(),
                                    row.customerId(),
                                    replaced.kind(),
                                    replaced.request(),
                                    row.statusAfter(),
                                    row.attempts(),
                                    row.currentDebitId()));
                        } else {
                            byEvent.put(row.eventId(), result);
                        }
                    }
                    if (again.isEmpty()) {
                        return Uni.createFrom().item(byEvent);
                    }
                    return deliver(again).map(more -> {
                        byEvent.putAll(more);
                        return byEvent;
                    });
                });
    }

    private void count(List<DeliveryResult> results) {
        for (DeliveryResult result : results) {
            if (result instanceof DeliveryResult.Acknowledged) {
                delivered.increment();
            } else if (result instanceof DeliveryResult.Refused refused) {
                failures.increment();
                LOG.errorf(
                        "wallet refused outbox row %d of event %s for good: %s",
                        refused.outboxId(), refused.eventId(), refused.message());
            } else if (result instanceof DeliveryResult.Retry) {
                retries.increment();
            }
        }
    }

    private Uni<List<DeliveryResult>> debitBatch(List<OutboxRow> rows) {
        return wallet.debitBatch(rows.stream().map(OutboxRow::request).toList()).map(replies -> {
            List<DeliveryResult> results = new ArrayList<>(rows.size());
            for (int i = 0; i < rows.size(); i++) {
                results.add(result(rows.get(i), replies.get(i), false));
            }
            return results;
        });
    }

    private Uni<DeliveryResult> capture(OutboxRow row) {
        return wallet.capture(row.request())
                .map(reply -> reply instanceof WalletReply.HoldGone
                        // the hold is gone (expired, released, captured by another event): a plain debit, same key
                        ? new DeliveryResult.Replaced(
                                row.outboxId(), WalletOp.Kind.DEBIT, WalletRequests.captureAsDebit(row.request()))
                        : result(row, reply, false));
    }

    private Uni<DeliveryResult> release(OutboxRow row) {
        // a hold that is gone needs no release
        return wallet.release(row.request())
                .map(reply -> reply instanceof WalletReply.HoldGone
                        ? acknowledged(row, true, null)
                        : result(row, reply, true));
    }

    private Uni<DeliveryResult> reverse(OutboxRow row) {
        if (row.currentDebitId() == null) {
            // nothing in force to reverse (the debit failed, or was not needed)
            return Uni.createFrom().item(acknowledged(row, true, null));
        }
        return wallet.reverse(row.request(), row.currentDebitId()).map(reply -> result(row, reply, true));
    }

    /** What a wallet reply makes of a row ({@code clears}: once done, no debit of the event is in force). */
    private DeliveryResult result(OutboxRow row, WalletReply reply, boolean clears) {
        if (reply instanceof WalletReply.Applied applied) {
            return acknowledged(row, clears, applied);
        }
        if (reply instanceof WalletReply.Refused refused) {
            return new DeliveryResult.Refused(row.outboxId(), row.eventId(), refused.itemError(), refused.message());
        }
        if (reply instanceof WalletReply.Unavailable unavailable) {
            return retry(row, unavailable.error());
        }
        throw new IllegalStateException("only a capture or a release finds its hold gone");
    }

    private static DeliveryResult acknowledged(OutboxRow row, boolean clears, WalletReply.Applied applied) {
        if (clears || applied == null) {
            return new DeliveryResult.Acknowledged(
                    row.outboxId(), row.eventId(), row.statusAfter(), true, null, null, null);
        }
        return new DeliveryResult.Acknowledged(
                row.outboxId(),
                row.eventId(),
                row.statusAfter(),
                false,
                applied.debitId(),
                applied.shortfall(),
                applied.balanceAfter());
    }

    private DeliveryResult retry(OutboxRow row, String error) {
        UsageConfig.Outbox settings = config.outbox();
        long base = settings.initialBackoff().toMillis() << Math.min(row.attempts(), 20);
        long capped = Math.min(base, settings.maxBackoff().toMillis());
        long delay = capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1);
        return new DeliveryResult.Retry(row.outboxId(), clock.instant().plusMillis(delay), error);
    }
}
