package dev.tally.system;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicReference;

/** A local HTTP server standing in for the catalog's price source URL; what it serves can be swapped. */
final class PriceSource implements AutoCloseable {

    private final HttpServer server;
    private final AtomicReference<byte[]> document;

    PriceSource(byte[] initial) {
        document = new AtomicReference<>(initial);
        try {
            server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/model_prices_and_context_window.json", exchange -> {
            byte[] body = document.get();
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    String url() {
        return "http://localhost:" + server.getAddress().getPort() + "/model_prices_and_context_window.json";
    }

    void serve(byte[] body) {
        document.set(body);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
