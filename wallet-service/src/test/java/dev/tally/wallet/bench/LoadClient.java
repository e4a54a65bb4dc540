package dev.tally.wallet.bench;

import dev.tally.common.v1.Money;
import dev.tally.wallet.v1.DebitRequest;
import dev.tally.wallet.v1.GetBalanceRequest;
import dev.tally.wallet.v1.WalletServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The load of the wallet benchmarks, run as its own JVM so that the service's process CPU time is
 * the service's alone ({@link LoadBenchmark} starts it). Keeps {@code concurrency} calls in flight
 * over {@code channels} connections (each answer sends the next call), first for the warm-up, then
 * for the measured window, and prints on stdout:
 * <pre>
 * MEASURING                 (the warm-up is over)
 * MEASURED                  (the measured window is over)
 * RESULT calls=… errors=… seconds=… p50us=… p99us=… p999us=… maxus=…
 * </pre>
 * Modes: {@code debit} (unary Debit of 0.0004485 credits, a fresh key each, customers in turn) and
 * {@code balance} (GetBalance of CREDITS).
 * <p>
 * The warm-up lasts until a line {@code GO} arrives on stdin ({@link LoadBenchmark} sends it once
 * the service's JIT compiler has settled), then the measured window lasts {@code seconds}.
 * <p>
 * Arguments: port mode customers concurrency channels seconds customerPrefix
 */
public final class LoadClient {

    static final Money DEBIT =
            Money.newBuilder().setAmount("0.0004485").setCurrencyCode("CREDITS").build();

    private final List<WalletServiceGrpc.WalletServiceStub> stubs = new ArrayList<>();
    private final String mode;
    private final int customers;
    private final String customerPrefix;
    private final String keyPrefix = "ld-" + Long.toString(System.nanoTime(), 36) + "-";
    private final AtomicLong sequence = new AtomicLong();
    private volatile Window window;

    private LoadClient(List<ManagedChannel> channels, String mode, int customers, String customerPrefix) {
        channels.forEach(channel -> stubs.add(WalletServiceGrpc.newStub(channel)));
        this.mode = mode;
        this.customers = customers;
        this.customerPrefix = customerPrefix;
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        String mode = args[1];
        int customers = Integer.parseInt(args[2]);
        int concurrency = Integer.parseInt(args[3]);
        int channelCount = Integer.parseInt(args[4]);
        int seconds = Integer.parseInt(args[5]);
        String customerPrefix = args[6];
        List<ManagedChannel> channels = new ArrayList<>();
        for (int i = 0; i < channelCount; i++) {
            channels.add(ManagedChannelBuilder.forAddress("localhost", port)
                    .usePlaintext()
                    .directExecutor()
                    .build());
        }
        try {
            LoadClient client = new LoadClient(channels, mode, customers, customerPrefix);
            CountDownLatch go = new CountDownLatch(1);
            Thread stdin = new Thread(
                    () -> {
                        try {
                            BufferedReader in =
                                    new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
                            for (String line = in.readLine(); line != null; line = in.readLine()) {
                                if (line.equals("GO")) {
                                    go.countDown();
                                }
                            }
                        } catch (IOException e) {
                            // the parent went away: the run ends with the measured window
                        }
                        go.countDown();
                    },
                    "stdin");
            stdin.setDaemon(true);
            stdin.start();
            while (go.getCount() > 0) {
                client.run(concurrency, 1, false);
            }
            System.out.println("MEASURING");
            System.out.flush();
            Window measured = client.run(concurrency, seconds, true);
            System.out.println("MEASURED");
            System.out.println(measured.summary());
            System.out.flush();
        } finally {
            for (ManagedChannel channel : channels) {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
    }

    static String customer(String prefix, int n) {
        return String.format(Locale.ROOT, "%s%04d", prefix, n);
    }

    /** Keeps {@code concurrency} calls in flight for {@code seconds}; waits until every call answered. */
    private Window run(int concurrency, int seconds, boolean record) throws InterruptedException {
        Window current = new Window(System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds), record, concurrency);
        window = current;
        for (int i = 0; i < concurrency; i++) {
            next(current, i);
        }
        current.done.await();
        current.end = System.nanoTime();
        return current;
    }

    private void next(Window current, int slot) {
        long now = System.nanoTime();
        if (now >= current.deadline) {
            current.done.countDown();
            return;
        }
        long n = sequence.getAndIncrement();
        WalletServiceGrpc.WalletServiceStub stub = stubs.get((int) (n % stubs.size()));
        String customer = customer(customerPrefix, (int) (n % customers));
        StreamObserver<Object> answer = new StreamObserver<>() {
            @Override
            public void onNext(Object value) {}

            @Override
            public void onError(Throwable t) {
                current.errors.incrementAndGet();
                if (current.errors.get() <= 3) {
                    System.err.println("call failed: " + t);
                }
                current.record(now);
                next(current, slot);
            }

            @Override
            public void onCompleted() {
                current.record(now);
                next(current, slot);
            }
        };
        switch (mode) {
            case "debit" ->
                stub.debit(
                        DebitRequest.newBuilder()
                                .setCustomerId(customer)
                                .setAmount(DEBIT)
                                .setIdempotencyKey(keyPrefix + n)
                                .setReference("evt-" + n)
                                .build(),
                        cast(answer));
            case "balance" ->
                stub.getBalance(
                        GetBalanceRequest.newBuilder()
                                .setCustomerId(customer)
                                .setCurrencyCode("CREDITS")
                                .build(),
                        cast(answer));
            default -> throw new IllegalArgumentException("unknown mode " + mode);
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> StreamObserver<T> cast(StreamObserver<Object> observer) {
        return (StreamObserver<T>) (StreamObserver<?>) observer;
    }

    /** One timed run: calls, errors and latencies (recorded only in the measured window). */
    private static final class Window {

        final long start = System.nanoTime();
        final long deadline;
        final boolean record;
        final CountDownLatch done;
        final AtomicLong errors = new AtomicLong();
        private long[] latencies = new long[1 << 16];
        private int count;
        volatile long end;

        Window(long deadline, boolean record, int concurrency) {
            this.deadline = deadline;
            this.record = record;
            this.done = new CountDownLatch(concurrency);
        }

        synchronized void record(long sentAt) {
            if (!record) {
                count++;
                return;
            }
            if (count == latencies.length) {
                latencies = Arrays.copyOf(latencies, count * 2);
            }
            latencies[count++] = System.nanoTime() - sentAt;
        }

        synchronized String summary() {
            long[] sorted = Arrays.copyOf(latencies, count);
            Arrays.sort(sorted);
            return String.format(
                    Locale.ROOT,
                    "RESULT calls=%d errors=%d seconds=%.3f p50us=%d p99us=%d p999us=%d maxus=%d",
                    count,
                    errors.get(),
                    (end - start) / 1e9,
                    percentile(sorted, 0.50),
                    percentile(sorted, 0.99),
                    percentile(sorted, 0.999),
                    sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1000);
        }

        private static long percentile(long[] sorted, double p) {
            return sorted.length == 0
                    ? 0
                    : sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))] / 1000;
        }
    }
}
