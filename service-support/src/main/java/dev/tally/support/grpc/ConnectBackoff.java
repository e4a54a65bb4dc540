package dev.tally.support.grpc;

import io.grpc.Channel;
import io.grpc.ManagedChannel;
import io.quarkus.arc.ClientProxy;

/**
 * A gRPC channel whose connection failed waits out an exponential backoff (up to two minutes)
 * before it tries again, and meanwhile fails every call at once with UNAVAILABLE, even after the
 * server is back. A service that knows it is about to try again (a watch stream's own reconnect)
 * resets that wait, so it recovers as soon as the other service is up, not minutes later.
 */
public final class ConnectBackoff {

    private ConnectBackoff() {}

    /** The channel behind {@code channel} (an injected {@code @GrpcClient} channel is a CDI client proxy), if it can be reset. */
    public static ManagedChannel managed(Channel channel) {
        Object target = channel instanceof ClientProxy proxy ? proxy.arc_contextualInstance() : channel;
        return target instanceof ManagedChannel managed ? managed : null;
    }

    /** Lets the channel connect at once on its next call (no effect on a channel that cannot be reset). */
    public static void reset(Channel channel) {
        ManagedChannel managed = managed(channel);
        if (managed != null) {
            managed.resetConnectBackoff();
        }
    }
}
