package dev.tally.usage.app;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * Traces through the group commit. A flush serves many Track calls, so it is one span
 * ({@code usage.flush}) in the trace of its first item, linked to the spans of the others (up to
 * {@link #MAX_LINKS}); the flush's transaction and its DebitBatch call to the wallet run in that
 * span, so a Track is one trace from its gRPC call through pricing, the commit and the wallet debit.
 * With tracing off (the default) every span is a no-op.
 */
@ApplicationScoped
public class FlushTracing {

    static final int MAX_LINKS = 128;

    private final Tracer tracer;

    FlushTracing(Tracer tracer) {
        this.tracer = tracer;
    }

    /** The context of a flush of items whose callers' contexts are {@code callers} (in queue order). */
    Context start(List<Context> callers) {
        Context parent = callers.get(0);
        SpanBuilder builder =
                tracer.spanBuilder("usage.flush").setParent(parent).setAttribute("tally.flush.items", callers.size());
        for (int i = 1; i < callers.size() && i <= MAX_LINKS; i++) {
            SpanContext other = Span.fromContext(callers.get(i)).getSpanContext();
            if (other.isValid()) {
                builder.addLink(other);
            }
        }
        return parent.with(builder.startSpan());
    }

    static void end(Context flush, Throwable failure) {
        Span span = Span.fromContext(flush);
        if (failure != null) {
            span.recordException(failure);
        }
        span.end();
    }
}
