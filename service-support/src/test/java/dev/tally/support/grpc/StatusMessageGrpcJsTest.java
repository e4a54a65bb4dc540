package dev.tally.support.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.testing.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * What a Node user reads: a real {@code @grpc/grpc-js} client (installed with npm into
 * {@code target/grpc-js-client} on first run) calls {@link ProbeService} on this Quarkus
 * application (gRPC on the shared HTTP server, as every Tally service runs) and must receive every
 * status message exactly as the server wrote it: printable ASCII unescaped, and {@code %},
 * control characters and non-ASCII text round-tripped. Skipped only when npm is not installed.
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
class StatusMessageGrpcJsTest {

    static final List<String> MESSAGES = List.of(
            "input_tokens: must be at most 1000000000",
            "2 invalid fields: [input_tokens, output_tokens]",
            "reserved in URIs, plain here: ; / ? : @ & = + $ , # ~ '",
            "100% naïve café: ≤ 5 € 😀",
            "tab\tand newline\nkept");

    @TestHTTPResource("/")
    URL serviceUrl;

    @Test
    void grpcJsClientReadsEveryStatusMessageAsWritten() throws Exception {
        Path client = installClient();
        String output = run(
                client,
                List.of(
                        "node",
                        "status-messages.js",
                        String.valueOf(serviceUrl.getPort()),
                        new JsonArray(MESSAGES).encode()));

        JsonArray results = new JsonArray(output);
        assertThat(results).hasSize(MESSAGES.size() * 2);
        for (Object item : results) {
            JsonObject result = (JsonObject) item;
            String rpc = result.getString("rpc");
            assertThat(result.getString("details")).as(rpc).isEqualTo(result.getString("sent"));
            if (rpc.equals("Fail")) {
                assertThat(result.getInteger("code")).as("INVALID_ARGUMENT").isEqualTo(3);
            } else {
                assertThat(result.getInteger("code")).as("FAILED_PRECONDITION").isEqualTo(9);
                assertThat(result.getJsonArray("received")).containsExactly("first");
            }
        }
    }

    /** The client in target/grpc-js-client, installed with npm unless already there. */
    private static Path installClient() throws IOException, InterruptedException {
        Assumptions.assumeTrue(
                onPath("npm") && onPath("node"),
                "npm and node are not installed: the grpc-js status message test needs them (apt-get install npm)");
        Path dir = Path.of("target", "grpc-js-client").toAbsolutePath();
        Files.createDirectories(dir);
        for (String file : List.of("package.json", "probe.proto", "status-messages.js")) {
            try (InputStream in = Objects.requireNonNull(
                    StatusMessageGrpcJsTest.class.getResourceAsStream("/grpc-js/" + file),
                    "test resource grpc-js/" + file)) {
                Files.write(dir.resolve(file), in.readAllBytes());
            }
        }
        if (!Files.isDirectory(dir.resolve("node_modules/@grpc/grpc-js"))
                || !Files.isDirectory(dir.resolve("node_modules/@grpc/proto-loader"))) {
            run(dir, List.of("npm", "install", "--no-audit", "--no-fund", "--no-package-lock", "--loglevel=error"));
        }
        return dir;
    }

    private static boolean onPath(String command) {
        try {
            Process process = new ProcessBuilder(command, "--version")
                    .redirectErrorStream(true)
                    .start();
            process.getInputStream().readAllBytes();
            return process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static String run(Path dir, List<String> command) throws IOException, InterruptedException {
        Path log = Files.createTempFile(dir, "run", ".err");
        Process process = new ProcessBuilder(new ArrayList<>(command))
                .directory(dir.toFile())
                .redirectError(log.toFile())
                .start();
        byte[] out = process.getInputStream().readAllBytes();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError(command.get(0) + " did not finish within 5 minutes");
        }
        String err = Files.readString(log);
        Files.delete(log);
        if (process.exitValue() != 0) {
            throw new AssertionError(
                    String.join(" ", command.subList(0, 2)) + " failed (" + process.exitValue() + "): " + err);
        }
        return new String(out, StandardCharsets.UTF_8);
    }
}
