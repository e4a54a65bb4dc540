package dev.tally.catalog.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.tally.testing.Waits;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The timeout rule of {@link SourceFetcher}: the HTTP client's request timeout decides, a later
 * timer catches what it does not cover (a body that stops after the headers), and both report
 * the configured timeout in the same words, so the report never depends on which timer fired.
 */
class SourceFetcherTest {

    private static final Duration TIMEOUT = Duration.ofMillis(300);

    private final CountDownLatch release = new CountDownLatch(1);
    private HttpServer server;
    private ExecutorService executor;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        executor = Executors.newCachedThreadPool();
        server.setExecutor(executor);
        server.createContext("/ok", exchange -> {
            try (exchange;
                    OutputStream out = exchange.getResponseBody()) {
                exchange.sendResponseHeaders(200, 2);
                out.write("{}".getBytes());
            }
        });
        server.createContext("/no-answer", exchange -> {
            try (exchange) {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.createContext("/headers-then-nothing", exchange -> {
            try (exchange;
                    OutputStream out = exchange.getResponseBody()) {
                exchange.sendResponseHeaders(200, 1_000);
                out.write('{');
                out.flush();
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.stop(0);
        executor.shutdownNow();
    }

    private byte[] fetch(String path) {
        String url = "http://localhost:" + server.getAddress().getPort() + path;
        return new SourceFetcher().fetch(url, TIMEOUT, 1_000_000).await().atMost(Waits.PATIENTLY);
    }

    @Test
    void aSourceThatAnswersInTimeIsRead() {
        assertThat(fetch("/ok")).asString().isEqualTo("{}");
    }

    @Test
    void noAnswerWithinTheTimeoutIsReportedWithTheConfiguredTimeout() {
        assertThatThrownBy(() -> fetch("/no-answer"))
                .isInstanceOf(SourceException.class)
                .hasMessage("source timed out after 300ms");
    }

    @Test
    void aBodyThatStopsAfterTheHeadersIsCutByTheSafetyNetWithTheSameReport() {
        assertThatThrownBy(() -> fetch("/headers-then-nothing"))
                .isInstanceOf(SourceException.class)
                .hasMessage("source timed out after 300ms");
    }
}
