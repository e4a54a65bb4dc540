package dev.tally.usage.job;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.tally.common.v1.ItemError;
import dev.tally.usage.client.WalletGateway;
import dev.tally.usage.config.UsageConfig;
import dev.tally.usage.ingest.WalletOp;
import dev.tally.usage.store.DeliveryResult;
import dev.tally.usage.store.OutboxRow;
import dev.tally.usage.store.OutboxStore;
import dev.tally.wallet.v1.CaptureRequest;
import dev.tally.wallet.v1.DebitBatchResult;
import dev.tally.wallet.v1.DebitRequest;
import dev.tally.wallet.v1.DebitResponse;
import dev.tally.wallet.v1.ReleaseRequest;
import dev.tally.wallet.v1.ReverseDebitRequest;
import io.grpc.Status;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Delivers outbox rows to wallet-service: debits grouped into DebitBatch calls (the event id as the
 * key, the event's occurred time), captures, releases and reversals one call each. The wallet's
 * answer decides each row:
 * <ul>
 * <li>acknowledged (applied, or a replay): the row is deleted and the event's debit state set;</li>
 * <li>refused for good (INVALID_ARGUMENT, FAILED_PRECONDITION, NOT_FOUND, ALREADY_EXISTS, ...): the
 * event's status becomes FAILED with the wallet's error (ListEvents, GetUsage show it), never
 * retried; a capture whose hold is gone becomes a plain debit instead (same key), a release of a
 * hold that is gone is done;</li>
 * <li>anything else (wallet down, deadline, overloaded): retried after a delay that doubles per
 * attempt from {@code initial-backoff} up to {@code max-backoff}, with jitter.</li>
 * </ul>
 * The replica that stored an event delivers its row at once ({@link #deliver}); every replica polls
 * for due rows ({@link #poll}), which covers wallet outages, crashes and restarts. Metrics:
 * {@code tally_usage_outbox_depth}, {@code tally_usage_outbox_oldest_age_seconds},
 * {@code tally_usage_outbox_failures_total}, {@code tally_usage_outbox_retries_total},
 * {@code tally_usage_outbox_delivered_total}.
 */
@ApplicationScoped
public class OutboxDeliverer {

    private static final Logger LOG = Logger.getLogger(OutboxDeliverer.class);

    private final WalletGateway wallet;
    private final OutboxStore outbox;
    private final Clock clock;
    private final UsageConfig config;
    private final AtomicLong depth = new AtomicLong();
    private final AtomicLong oldestAgeSeconds = new AtomicLong();
    private final Counter failures;
    private final Counter retries;
    private final Counter delivered;

    OutboxDeliverer(WalletGateway wallet, OutboxStore outbox, Clock clock, UsageConfig config, MeterRegistry registry) {
        this.wallet = wallet;
        this.outbox = outbox;
        this.clock = clock;
        this.config = config;
        registry.gauge("tally.usage.outbox.depth", depth);
        registry.gauge("tally.usage.outbox.oldest.age.seconds", oldestAgeSeconds);
        this.failures = Counter.builder("tally.usage.outbox.failures").description("outbox rows the wallet refused for good")
                .register(registry);
        this.retries = Counter.builder("tally.usage.outbox.retries").description("outbox deliveries to try again")
                .register(registry);
        this.delivered = Counter.builder("tally.usage.outbox.delivered").description("outbox rows acknowledged")
                .register(registry);
    }

    /** Every replica: claim due rows and deliver them until none is due (or a round claims less than a full batch). */
    @Scheduled(every = "${tally.usage.outbox.poll-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            delayed = "1s")
    Uni<Void> poll() {
        wallet.connectNow();   // rows waiting for a wallet that was down: try it now, not after gRPC's backoff
        return drain().call(this::measure).onFailure().recoverWithItem(failure -> {
            LOG.warnf("outbox poll failed: %s", failure.getMessage());
            return null;
        });
    }

    /** Starts a round of delivery now (e.g. after a correction queued a reversal), in the background. */
    public void pollNow() {
        drain().subscribe().with(done -> { }, failure -> LOG.debugf("outbox round failed: %s", failure.getMessage()));
    }

    private Uni<Void> drain() {
        int limit = config.outbox().claimSize();
        return outbox.claim(clock.instant(), config.outbox().lease(), limit)
                .flatMap(rows -> rows.isEmpty() ? Uni.createFrom().item(0)
                        : deliver(rows).map(results -> rows.size()))
                .flatMap(claimed -> claimed >= limit ? drain() : Uni.createFrom().voidItem());
    }

    private Uni<Void> measure() {
        return outbox.depth().invoke(d -> {
            depth.set(d.rows());
            oldestAgeSeconds.set(d.oldestCreateTime() == null ? 0
                    : Math.max(0, Duration.between(d.oldestCreateTime(), clock.instant()).toSeconds()));
        }).replaceWithVoid();
    }

    /** Delivers the rows, records the results, and returns them by event. */
    public Uni<Map<UUID, DeliveryResult>> deliver(List<OutboxRow> rows) {
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
        return Uni.join().all(calls).andCollectFailures().map(parts -> {
            List<DeliveryResult> all = new ArrayList<>(rows.size());
            parts.forEach(all::addAll);
            return all;
        }).flatMap(results -> outbox.record(results).replaceWith(results)).flatMap(results -> {
            count(results);
            Map<UUID, DeliveryResult> byEvent = new HashMap<>();
            List<OutboxRow> again = new ArrayList<>();
            for (DeliveryResult result : results) {
                OutboxRow row = byId.get(result.outboxId());
                if (result instanceof DeliveryResult.Replaced replaced) {
                    again.add(new OutboxRow(row.outboxId(), row.eventId(), row.customerId(), replaced.kind(),
                            replaced.request(), row.statusAfter(), row.attempts(), row.currentDebitId()));
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
                LOG.errorf("wallet refused outbox row %d of event %s for good: %s", refused.outboxId(), refused.eventId(),
                        refused.message());
            } else if (result instanceof DeliveryResult.Retry) {
                retries.increment();
            }
        }
    }

    private Uni<List<DeliveryResult>> debitBatch(List<OutboxRow> rows) {
        List<DebitRequest> requests = new ArrayList<>(rows.size());
        for (OutboxRow row : rows) {
            requests.add(parse(row, DebitRequest.parser()::parseFrom));
        }
        return wallet.debitBatch(requests).map(response -> {
            List<DeliveryResult> results = new ArrayList<>(rows.size());
            for (int i = 0; i < rows.size(); i++) {
                OutboxRow row = rows.get(i);
                DebitBatchResult result = i < response.getResultsCount() ? response.getResults(i) : null;
                if (result != null && result.hasDebit()) {
                    results.add(applied(row, result.getDebit()));
                } else if (result != null && isPermanent(result.getError().getCode())) {
                    results.add(new DeliveryResult.Refused(row.outboxId(), row.eventId(), result.getError().toByteArray(),
                            result.getError().getMessage()));
                } else {
                    results.add(retry(row, result == null ? "no result" : result.getError().getMessage()));
                }
            }
            return results;
        }).onFailure().recoverWithItem(failure -> rows.stream().map(row -> failed(row, failure)).toList());
    }

    private Uni<DeliveryResult> capture(OutboxRow row) {
        CaptureRequest request = parse(row, CaptureRequest.parser()::parseFrom);
        return wallet.capture(request).map(response -> applied(row, response.getDebit()))
                .onFailure().recoverWithItem(failure -> {
                    Status.Code code = Status.fromThrowable(failure).getCode();
                    if (code == Status.Code.FAILED_PRECONDITION || code == Status.Code.NOT_FOUND) {
                        // the hold is gone (expired, released, captured by another event): a plain debit, same key
                        return new DeliveryResult.Replaced(row.outboxId(), WalletOp.Kind.DEBIT, asDebit(request).toByteArray());
                    }
                    return failed(row, failure);
                });
    }

    private Uni<DeliveryResult> release(OutboxRow row) {
        return wallet.release(parse(row, ReleaseRequest.parser()::parseFrom))
                .map(response -> acknowledged(row, true, null, null, null))
                .onFailure().recoverWithItem(failure -> {
                    Status.Code code = Status.fromThrowable(failure).getCode();
                    return code == Status.Code.FAILED_PRECONDITION || code == Status.Code.NOT_FOUND
                            ? acknowledged(row, true, null, null, null) : failed(row, failure);
                });
    }

    private Uni<DeliveryResult> reverse(OutboxRow row) {
        if (row.currentDebitId() == null) {
            // nothing in force to reverse (the debit failed, or was not needed)
            return Uni.createFrom().item(acknowledged(row, true, null, null, null));
        }
        ReverseDebitRequest request = parse(row, ReverseDebitRequest.parser()::parseFrom).toBuilder()
                .setDebitId(row.currentDebitId()).build();
        return wallet.reverse(request)
                .map(response -> acknowledged(row, true, null, null,
                        new BigDecimal(response.getBalance().getAvailable().getAmount())))
                .onFailure().recoverWithItem(failure -> failed(row, failure));
    }

    private DeliveryResult applied(OutboxRow row, DebitResponse debit) {
        return acknowledged(row, false, debit.getDebitId().isEmpty() ? null : debit.getDebitId(),
                decimal(debit.getShortfall().getAmount()), decimal(debit.getBalanceAfter().getAmount()));
    }

    private static DeliveryResult acknowledged(OutboxRow row, boolean clears, String debitId, BigDecimal shortfall,
                                               BigDecimal balanceAfter) {
        return new DeliveryResult.Acknowledged(row.outboxId(), row.eventId(), row.statusAfter(), clears, debitId,
                clears ? null : shortfall, clears ? null : balanceAfter);
    }

    private DeliveryResult failed(OutboxRow row, Throwable failure) {
        Status status = Status.fromThrowable(failure);
        if (isPermanent(status.getCode().value())) {
            ItemError error = itemError(failure);
            return new DeliveryResult.Refused(row.outboxId(), row.eventId(), error.toByteArray(), error.getMessage());
        }
        return retry(row, status.getCode() + ": " + status.getDescription());
    }

    private DeliveryResult retry(OutboxRow row, String error) {
        UsageConfig.Outbox settings = config.outbox();
        long base = settings.initialBackoff().toMillis() << Math.min(row.attempts(), 20);
        long capped = Math.min(base, settings.maxBackoff().toMillis());
        long delay = capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1);
        return new DeliveryResult.Retry(row.outboxId(), clock.instant().plusMillis(delay), error);
    }

    /** Errors that retrying the same request cannot cure. */
    static boolean isPermanent(int code) {
        Status.Code c = Status.fromCodeValue(code).getCode();
        return switch (c) {
            case INVALID_ARGUMENT, FAILED_PRECONDITION, NOT_FOUND, ALREADY_EXISTS, PERMISSION_DENIED, OUT_OF_RANGE,
                 UNIMPLEMENTED, UNAUTHENTICATED -> true;
            default -> false;
        };
    }

    private static ItemError itemError(Throwable failure) {
        return dev.tally.kit.error.ItemErrors.of(failure);
    }

    /** The debit a capture becomes when its hold is gone: the same amount, time, key, reference and metadata. */
    static DebitRequest asDebit(CaptureRequest capture) {
        DebitRequest.Builder b = DebitRequest.newBuilder().setCustomerId(capture.getCustomerId())
                .setAmount(capture.getFinalAmount()).setIdempotencyKey(capture.getIdempotencyKey())
                .setReference(capture.getReference()).setDescription(capture.getDescription())
                .putAllMetadata(capture.getMetadataMap());
        if (capture.hasOccurredTime()) {
            b.setOccurredTime(capture.getOccurredTime());
        }
        return b.build();
    }

    private static BigDecimal decimal(String text) {
        return text == null || text.isEmpty() ? null : new BigDecimal(text);
    }

    @FunctionalInterface
    private interface Parser<T> {
        T parse(byte[] bytes) throws InvalidProtocolBufferException;
    }

    private static <T> T parse(OutboxRow row, Parser<T> parser) {
        try {
            return parser.parse(row.request());
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("outbox row " + row.outboxId() + " holds an unreadable request", e);
        }
    }


}
