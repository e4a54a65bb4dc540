package dev.tally.invoice.app;

import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.function.Supplier;

/**
 * Work run concurrently by one caller (the billing job's items) each on its own duplicated Vert.x
 * context, flagged safe (isolated) as Hibernate Reactive Panache requires: a Panache session belongs
 * to the context it was opened on, so two transactions running at once must not share one.
 */
final class Contexts {

    private Contexts() {}

    static <T> Uni<T> onNewContext(Vertx vertx, Supplier<Uni<T>> work) {
        Context current = Vertx.currentContext();
        Context root = current == null ? vertx.getOrCreateContext() : VertxContext.getRootContext(current);
        Context context = VertxContext.createNewDuplicatedContext(root);
        VertxContextSafetyToggle.setContextSafe(context, true);
        return Uni.createFrom()
                .emitter(emitter -> context.runOnContext(ignored ->
                        Uni.createFrom().deferred(work::get).subscribe().with(emitter::complete, emitter::fail)));
    }
}
