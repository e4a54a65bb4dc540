package dev.tally.wallet.app;

import dev.tally.wallet.store.ChangeChannel;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.BackPressureStrategy;
import io.smallrye.mutiny.subscription.MultiEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Cross-replica change signals: what the {@link ChangeChannel} reports (a committed change of a
 * customer's wallet, made by any replica) signals the local watchers of that customer and drops it
 * from the {@link BalanceCache}. While the listening connection is down nothing is cached; once it
 * is re-established every watcher is signalled and the cache starts empty, since notifications sent
 * meanwhile were missed.
 */
@ApplicationScoped
public class BalanceNotifications implements ChangeChannel.Listener {

    private final Map<String, Set<MultiEmitter<? super Boolean>>> watchers = new ConcurrentHashMap<>();
    private final ChangeChannel channel;
    private final BalanceCache cache;

    BalanceNotifications(ChangeChannel channel, BalanceCache cache) {
        this.channel = channel;
        this.cache = cache;
    }

    void start(@Observes StartupEvent started) {
        channel.listen(this);
    }

    void stop(@Observes ShutdownEvent stopping) {
        channel.close();
    }

    /**
     * Signals at once, then after every committed change of the customer's wallet made by any
     * replica. Signals the subscriber has not consumed yet are coalesced into one.
     */
    Multi<Boolean> signals(String customerId) {
        return Multi.createFrom()
                .emitter(
                        emitter -> {
                            watchers.computeIfAbsent(customerId, id -> ConcurrentHashMap.newKeySet())
                                    .add(emitter);
                            emitter.onTermination(() -> watchers.computeIfPresent(customerId, (id, set) -> {
                                set.remove(emitter);
                                return set.isEmpty() ? null : set;
                            }));
                            emitter.emit(Boolean.TRUE);
                        },
                        BackPressureStrategy.LATEST);
    }

    @Override
    public void changed(String customerId) {
        cache.invalidate(customerId);
        Set<MultiEmitter<? super Boolean>> emitters = watchers.get(customerId);
        if (emitters != null) {
            emitters.forEach(emitter -> emitter.emit(Boolean.TRUE));
        }
    }

    @Override
    public void listening() {
        cache.listening();
        watchers.values().forEach(emitters -> emitters.forEach(emitter -> emitter.emit(Boolean.TRUE)));
    }

    @Override
    public void lost() {
        cache.notListening();
    }
}
