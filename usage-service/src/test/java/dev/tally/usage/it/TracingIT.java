package dev.tally.usage.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tally.testing.OtlpReceiver;
import dev.tally.testing.Waits;
import dev.tally.usage.v1.DebitStatus;
import dev.tally.usage.v1.TrackRequest;
import dev.tally.usage.v1.TrackResponse;
import dev.tally.usage.v1.UsageServiceGrpc;
import io.grpc.ManagedChannel;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Issue 11 acceptance 3, with the packaged usage-service and the real wallet-service as processes
 * exporting OpenTelemetry spans to a test collector: one Track is one trace from usage-service's
 * gRPC server span through its flush to wallet-service's DebitBatch server span; and the
 * {@code tally_*} business metrics of both services are on {@code /q/metrics}.
 */
class TracingIT {

    private static final String TRACK = "tally.usage.v1.UsageService/Track";
    private static final String DEBIT_BATCH = "tally.wallet.v1.WalletService/DebitBatch";

    @Test
    void oneTrackIsOneTraceThroughUsageAndWalletAndTheBusinessMetricsAreExposed() throws Exception {
        try (OtlpReceiver otlp = OtlpReceiver.start();
                UsageSystem system = new UsageSystem("tracing")) {
            system.startWallet(otlp.environment(), List.of("-Xmx256m"));
            String customer = system.creditsCustomer("it-trace-", "100");
            system.startUsage(otlp.environment(), List.of("-Xmx256m"));

            ManagedChannel toUsage = system.channel(system.usagePort);
            TrackResponse tracked = UsageServiceGrpc.newBlockingStub(toUsage)
                    .withDeadlineAfter(30, TimeUnit.SECONDS)
                    .track(TrackRequest.newBuilder()
                            .setCustomerId(customer)
                            .setFeatureCode("image")
                            .setValue("1")
                            .setIdempotencyKey("traced-1")
                            .build());
            toUsage.shutdownNow();
            assertThat(tracked.getDebitStatus()).isEqualTo(DebitStatus.DEBIT_STATUS_APPLIED);

            OtlpReceiver.Span track = spanMatching(
                    otlp,
                    s -> s.service().equals("usage-service")
                            && s.name().equals(TRACK)
                            && s.kind() == SpanKind.SPAN_KIND_SERVER,
                    "usage-service's Track server span");
            OtlpReceiver.Span flush = spanMatching(
                    otlp,
                    s -> s.traceId().equals(track.traceId()) && s.name().equals("usage.flush"),
                    "the flush span in the Track's trace");
            OtlpReceiver.Span call = spanMatching(
                    otlp,
                    s -> s.traceId().equals(track.traceId())
                            && s.name().equals(DEBIT_BATCH)
                            && s.kind() == SpanKind.SPAN_KIND_CLIENT,
                    "usage-service's DebitBatch client span in the Track's trace");
            OtlpReceiver.Span debit = spanMatching(
                    otlp,
                    s -> s.traceId().equals(track.traceId())
                            && s.name().equals(DEBIT_BATCH)
                            && s.kind() == SpanKind.SPAN_KIND_SERVER,
                    "wallet-service's DebitBatch server span in the Track's trace");

            String spans = String.join(
                    "\n", otlp.spans().stream().map(Object::toString).toList());
            assertThat(flush.service()).isEqualTo("usage-service");
            // The flush runs in the Track's request: under its gRPC span, or (since the security interceptor
            // resumes the call after authentication, outside that span's scope) under the HTTP/2 request span
            // that carries it and is the gRPC span's parent. Either way one Track is one trace.
            assertThat(flush.parentSpanId())
                    .as("the flush's parent is the Track's request; spans:%n%s", spans)
                    .isIn(track.spanId(), track.parentSpanId());
            assertThat(call.service()).isEqualTo("usage-service");
            assertThat(call.parentSpanId()).isEqualTo(flush.spanId());
            assertThat(debit.service()).isEqualTo("wallet-service");
            assertThat(debit.parentSpanId())
                    .as("the wallet continues the caller's trace")
                    .isEqualTo(call.spanId());

            String usageMetrics = metrics(system.usagePort);
            assertThat(usageMetrics)
                    .contains("tally_usage_events_tracked_total{model=\"CREDITS\"} 1.0")
                    .contains("tally_usage_events_priced_total{model=\"CREDITS\"} 1.0")
                    .contains("tally_usage_outbox_depth");
            String walletMetrics = metrics(system.walletPort);
            assertThat(walletMetrics)
                    .contains("tally_wallet_debits_total 1.0")
                    .contains("tally_wallet_holds_total{action=\"reserved\"} 0.0");
        }
    }

    private static OtlpReceiver.Span spanMatching(
            OtlpReceiver otlp, java.util.function.Predicate<OtlpReceiver.Span> match, String what) {
        try {
            await(what)
                    .atMost(Waits.PATIENTLY)
                    .until(() -> otlp.spans().stream().anyMatch(match));
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError(
                    what + " not among the spans received:\n"
                            + String.join(
                                    "\n",
                                    otlp.spans().stream().map(Object::toString).toList()),
                    e);
        }
        Optional<OtlpReceiver.Span> found = otlp.spans().stream().filter(match).findFirst();
        return found.orElseThrow();
    }

    private static String metrics(int port) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/q/metrics"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }
}
