package dev.tally.support.auth;

import io.grpc.ServerCall;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** A call's listener whose events wait until the real listener exists (or are dropped if it never will). */
final class DeferredListener<ReqT> extends ServerCall.Listener<ReqT> {

    private final List<Consumer<ServerCall.Listener<ReqT>>> pending = new ArrayList<>();
    private ServerCall.Listener<ReqT> delegate;
    private boolean dropped;

    synchronized void start(ServerCall.Listener<ReqT> listener) {
        delegate = listener;
        pending.forEach(event -> event.accept(listener));
        pending.clear();
    }

    synchronized void drop() {
        dropped = true;
        pending.clear();
    }

    private synchronized void run(Consumer<ServerCall.Listener<ReqT>> event) {
        if (dropped) {
            return;
        }
        if (delegate != null) {
            event.accept(delegate);
        } else {
            pending.add(event);
        }
    }

    @Override
    public void onMessage(ReqT message) {
        run(l -> l.onMessage(message));
    }

    @Override
    public void onHalfClose() {
        run(ServerCall.Listener::onHalfClose);
    }

    @Override
    public void onCancel() {
        run(ServerCall.Listener::onCancel);
    }

    @Override
    public void onComplete() {
        run(ServerCall.Listener::onComplete);
    }

    @Override
    public void onReady() {
        run(ServerCall.Listener::onReady);
    }
}
