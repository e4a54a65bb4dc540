package dev.tally.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/** Ports for the servers and processes tests start. */
public final class FreePorts {

    private FreePorts() {}

    /** A TCP port nothing listens on right now (the system picks it), for a server about to start. */
    public static int next() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }
}
