package dev.tally.usage.client;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.impl.ContextInternal;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/** Trace context across the reactive hops of usage-service (a no-op while tracing is off). */
public final class Traced {

    private Traced() {}

    /**
     * Subscribes to {@code call} with {@code context} current, so that the gRPC and SQL clients it
     * starts see that context's span as their parent, whichever thread later subscribes. Quarkus
     * keeps the current trace context in the Vert.x <em>duplicated</em> context; on an event loop's
     * own context (e.g. in a SQL client callback) the call is dispatched on a new duplicated one,
     * otherwise the context would be attached where the clients never look.
     */
    public static <T> Uni<T> within(Context context, Supplier<Uni<T>> call) {
        return Uni.createFrom().completionStage(() -> {
            io.vertx.core.Context vertx = Vertx.currentContext();
            if (vertx == null || VertxContext.isDuplicatedContext(vertx)) {
                return subscribe(context, call);
            }
            AtomicReference<CompletionStage<T>> stage = new AtomicReference<>();
            ((ContextInternal) VertxContext.createNewDuplicatedContext(vertx))
                    .dispatch(() -> stage.set(subscribe(context, call)));
            return stage.get();
        });
    }

    /** {@code call} in the trace context current now (at assembly), not the one current when subscribed. */
    public static <T> Uni<T> here(Supplier<Uni<T>> call) {
        return within(Context.current(), call);
    }

    @SuppressWarnings("try") // the scope is only opened and closed around the subscription
    private static <T> CompletionStage<T> subscribe(Context context, Supplier<Uni<T>> call) {
        try (Scope ignored = context.makeCurrent()) {
            return call.get().subscribeAsCompletionStage();
        }
    }
}
