package dev.tally.invoice.client;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.concurrent.Executor;

/**
 * Brings a reply from another service back onto the caller's Vert.x context. A gRPC client may
 * complete on one of its own threads; a Hibernate Reactive session (and its transaction) must only
 * be used from the context that opened it, so every call made inside a transaction resumes there.
 */
final class OnContext {

    private OnContext() {}

    static <T> Uni<T> resume(Uni<T> call) {
        Context context = Vertx.currentContext();
        if (context == null) {
            return call;
        }
        Executor onContext = command -> {
            if (Vertx.currentContext() == context) {
                command.run();
            } else {
                context.runOnContext(ignored -> command.run());
            }
        };
        return call.emitOn(onContext);
    }
}
