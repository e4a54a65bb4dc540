package dev.tally.catalog.client;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Fetches a price source document: {@code http(s):} URLs with a timeout, {@code file:} URLs, and
 * {@code bundled:<file>} for the snapshot shipped in the service ({@code catalog/<file>} on the
 * classpath). Every failure is a {@link SourceException} naming what went wrong.
 * <p>
 * The timeout rule: the HTTP client's request timeout is the configured timeout and decides; a
 * fetch that outlives it by {@link #SAFETY_MARGIN} anyway (a body sent too slowly after its
 * headers, a stuck file read) is cut by a second, later timer. Both report the same
 * "source timed out after &lt;configured&gt;", so which timer fired never changes the report.
 */
@ApplicationScoped
public class SourceFetcher {

    /** The location of the bundled snapshot, as reports show it. */
    public static final String BUNDLED = "bundled:litellm_model_prices.json";

    private static final String BUNDLED_PREFIX = "bundled:";
    /** How much later than the configured timeout the safety-net timer fires. */
    static final Duration SAFETY_MARGIN = Duration.ofSeconds(1);

    private final HttpClient http = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NORMAL)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    public Uni<byte[]> fetch(String location, Duration timeout, int maxBytes) {
        Uni<byte[]> body;
        if (location.startsWith(BUNDLED_PREFIX)) {
            body = worker(() -> bundled(location.substring(BUNDLED_PREFIX.length())));
        } else if (location.startsWith("file:")) {
            body = worker(() -> Files.readAllBytes(Path.of(URI.create(location))));
        } else if (location.startsWith("http://") || location.startsWith("https://")) {
            body = http(location, timeout);
        } else {
            return Uni.createFrom().failure(new SourceException("unsupported source location: " + location));
        }
        return body.ifNoItem()
                .after(timeout.plus(SAFETY_MARGIN))
                .failWith(() -> timedOut(timeout))
                .onFailure(SourceFetcher::isRequestTimeout)
                .transform(f -> timedOut(timeout))
                .onFailure(f -> !(f instanceof SourceException))
                .transform(f -> new SourceException("could not read source: " + describe(f)))
                .invoke(bytes -> {
                    if (bytes.length > maxBytes) {
                        throw new SourceException(
                                "source sent " + bytes.length + " bytes, more than the limit of " + maxBytes);
                    }
                });
    }

    private Uni<byte[]> http(String location, Duration timeout) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(location))
                .timeout(timeout)
                .header("Accept", "application/json")
                .GET()
                .build();
        return Uni.createFrom()
                .completionStage(() -> http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()))
                .map(response -> {
                    if (response.statusCode() / 100 != 2) {
                        throw new SourceException("source answered HTTP " + response.statusCode());
                    }
                    return response.body();
                });
    }

    private static byte[] bundled(String file) throws IOException {
        try (InputStream in = SourceFetcher.class.getClassLoader().getResourceAsStream("catalog/" + file)) {
            if (in == null) {
                throw new SourceException("no bundled file " + file);
            }
            return in.readAllBytes();
        }
    }

    private static Uni<byte[]> worker(IoSupplier supplier) {
        return Uni.createFrom()
                .item(() -> {
                    try {
                        return supplier.get();
                    } catch (IOException e) {
                        throw new SourceException("could not read source: " + describe(e));
                    }
                })
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    /** The HTTP request timeout (not the connect timeout, which says something else), however wrapped. */
    private static boolean isRequestTimeout(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof HttpTimeoutException && !(t instanceof HttpConnectTimeoutException)) {
                return true;
            }
        }
        return false;
    }

    private static SourceException timedOut(Duration timeout) {
        return new SourceException("source timed out after " + seconds(timeout));
    }

    private static String describe(Throwable failure) {
        String message = failure.getMessage();
        String kind =
                failure.getClass().getSimpleName().replace("Exception", "").replaceAll("([a-z])([A-Z])", "$1 $2");
        return message == null || message.isBlank() ? kind.toLowerCase() : kind.toLowerCase() + " (" + message + ")";
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }

    @FunctionalInterface
    private interface IoSupplier {
        byte[] get() throws IOException;
    }
}
