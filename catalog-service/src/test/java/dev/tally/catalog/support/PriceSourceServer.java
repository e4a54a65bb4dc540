package dev.tally.catalog.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The upstream price sources of the test application: a local HTTP server (the JDK's) serving
 * {@code /litellm.json} and {@code /openrouter.json}, scripted by tests. By default it serves the
 * bundled LiteLLM file and the real OpenRouter response; a test can make a source answer other
 * bytes, an HTTP error, drop the connection, or hang until released.
 */
public class PriceSourceServer implements QuarkusTestResourceLifecycleManager {

    public static final String LITELLM_PATH = "/litellm.json";
    public static final String OPENROUTER_PATH = "/openrouter.json";

    private static HttpServer server;
    private static ExecutorService executor;
    private static volatile Behaviour litellm;
    private static volatile Behaviour openRouter;
    private static volatile CountDownLatch hang = new CountDownLatch(0);

    /** What a source does when asked. */
    public sealed interface Behaviour {}

    public record Body(byte[] bytes) implements Behaviour {}

    public record HttpError(int status) implements Behaviour {}

    /** Closes the connection without an answer, like a source that is down. */
    public record Drop() implements Behaviour {}

    /** Answers nothing until {@link #reset()} (or the server stops). */
    public record Hang() implements Behaviour {}

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the test price source server", e);
        }
        executor = Executors.newCachedThreadPool();
        server.setExecutor(executor);
        server.createContext(LITELLM_PATH, exchange -> answer(exchange, litellm));
        server.createContext(OPENROUTER_PATH, exchange -> answer(exchange, openRouter));
        server.start();
        reset();
        String base = "http://localhost:" + server.getAddress().getPort();
        return Map.of(
                "tally.catalog.sync.litellm-url",
                base + LITELLM_PATH,
                "tally.catalog.sync.openrouter-url",
                base + OPENROUTER_PATH);
    }

    @Override
    public void stop() {
        hang.countDown();
        server.stop(0);
        executor.shutdownNow();
    }

    /** Both sources back to the real files; releases any hanging request. */
    public static void reset() {
        litellm = new Body(BundledPrices.bytes(BundledPrices.LITELLM_RESOURCE));
        openRouter = new Body(BundledPrices.bytes(BundledPrices.OPENROUTER_RESOURCE));
        hang.countDown();
    }

    public static void liteLlm(Behaviour behaviour) {
        if (behaviour instanceof Hang) {
            hang = new CountDownLatch(1);
        }
        litellm = behaviour;
    }

    public static void openRouter(Behaviour behaviour) {
        if (behaviour instanceof Hang) {
            hang = new CountDownLatch(1);
        }
        openRouter = behaviour;
    }

    private static void answer(HttpExchange exchange, Behaviour behaviour) throws IOException {
        try (exchange) {
            if (behaviour instanceof Body body) {
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.bytes().length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body.bytes());
                }
            } else if (behaviour instanceof HttpError error) {
                exchange.sendResponseHeaders(error.status(), -1);
            } else if (behaviour instanceof Hang) {
                hang.await(60, TimeUnit.SECONDS);
                exchange.sendResponseHeaders(503, -1);
            }
            // Drop: closing without a response drops the connection
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
