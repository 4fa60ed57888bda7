package org.loanledger.query.projection;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.loanledger.shared.account.AccountState;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/**
 * Tells readers waiting for a view to reach an account's version ({@code ?minVersion=}) the moment this instance
 * has written it, so that they neither poll the view while they wait nor wait out a poll interval once it is there.
 *
 * <p>Only writes made by this instance are told: where another instance of the service projects a view, the wait
 * falls back to reading the view now and then ({@link MinVersionWait}). A view that folds account states tells the
 * state it wrote with the version, so that a reader waiting for it need not read the view back.
 */
@Component
public class ViewVersions {

    private record Key(String view, String accountId) {
    }

    private record Waiter(long minVersion, MonoSink<Written> sink) {
    }

    /** A write of the view told to its waiting readers: the version, and the account's state (null if none told). */
    public record Written(long version, AccountState state) {
    }

    private final Map<Key, List<Waiter>> waiting = new ConcurrentHashMap<>();

    /** The view now holds the account at {@code version}: every reader waiting for that version or an older one goes. */
    public void written(String view, String accountId, long version) {
        written(view, accountId, version, null);
    }

    /** The view now holds this state of its account: every reader waiting for its version or an older one goes. */
    public void written(String view, AccountState state) {
        written(view, state.accountId(), state.version(), state);
    }

    private void written(String view, String accountId, long version, AccountState state) {
        if (waiting.isEmpty()) {
            return;
        }
        List<Waiter> waiters = waiting.get(new Key(view, accountId));
        if (waiters == null) {
            return;
        }
        Written written = new Written(version, state);
        for (Waiter waiter : waiters) {
            if (waiter.minVersion() <= version) {
                waiter.sink().success(written);
            }
        }
    }

    /**
     * Completes with the write once this instance writes the account at {@code minVersion} or later; never completes
     * otherwise (the caller bounds the wait). The reader is forgotten when it completes or cancels.
     */
    public Mono<Written> reached(String view, String accountId, long minVersion) {
        Key key = new Key(view, accountId);
        return Mono.create(sink -> {
            Waiter waiter = new Waiter(minVersion, sink);
            // Added inside compute, so that a last reader leaving at the same moment cannot drop the list it joins.
            waiting.compute(key, (k, waiters) -> {
                List<Waiter> joined = waiters == null ? new CopyOnWriteArrayList<>() : waiters;
                joined.add(waiter);
                return joined;
            });
            sink.onDispose(() -> waiting.computeIfPresent(key, (k, waiters) -> {
                waiters.remove(waiter);
                return waiters.isEmpty() ? null : waiters;
            }));
        });
    }

    /** Readers waiting now, for tests and diagnostics. */
    int waiting() {
        return waiting.values().stream().mapToInt(List::size).sum();
    }
}
