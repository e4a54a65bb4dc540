package dev.tally.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded server of {@code ./run-local} keeps acknowledged data across a machine crash
 * (fsync, synchronous commit and full-page writes on, overriding zonky's test defaults), while
 * the throwaway server of the tests may trade that for speed.
 */
class DatabaseServerTest {

    @Test
    void localRunServerIsDurable(@TempDir Path dataDirectory) throws IOException {
        try (DatabaseServer server = DatabaseServer.embedded(dataDirectory.resolve("pgdata"), freePort())) {
            assertThat(server.setting("fsync")).isEqualTo("on");
            assertThat(server.setting("synchronous_commit")).isEqualTo("on");
            assertThat(server.setting("full_page_writes")).isEqualTo("on");
        }
    }

    @Test
    void localRunServerStaysDurableAfterRestartOnItsData(@TempDir Path dataDirectory) throws IOException {
        Path data = dataDirectory.resolve("pgdata");
        int port = freePort();
        try (DatabaseServer first = DatabaseServer.embedded(data, port)) {
            first.ensureDatabase("kept");
            first.executeIn("kept", "CREATE TABLE t (n int); INSERT INTO t VALUES (42)");
        }
        try (DatabaseServer again = DatabaseServer.embedded(data, port)) {
            assertThat(again.setting("fsync")).isEqualTo("on");
            assertThat(again.queryLong("kept", "SELECT n FROM t")).isEqualTo(42);
        }
    }

    @Test
    void anImmediateStopKeepsEveryCommitAndTheServerStartsAgainOnItsData(@TempDir Path dataDirectory)
            throws IOException {
        Path data = dataDirectory.resolve("pgdata");
        int port = freePort();
        DatabaseServer first = DatabaseServer.embedded(data, port);
        first.ensureDatabase("kept");
        first.executeIn("kept", "CREATE TABLE t (n int); INSERT INTO t VALUES (7)");
        first.stopImmediately(); // no checkpoint: the next start replays the WAL
        try (DatabaseServer again = DatabaseServer.embedded(data, port)) {
            assertThat(again.queryLong("kept", "SELECT n FROM t")).isEqualTo(7);
        }
    }

    @Test
    void throwawayTestServerSkipsFsync() {
        try (DatabaseServer server = DatabaseServer.throwaway()) {
            assertThat(server.setting("fsync")).isEqualTo("off");
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
