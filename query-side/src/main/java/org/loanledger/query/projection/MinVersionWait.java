package org.loanledger.query.projection;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import org.loanledger.query.web.QueryCodes;
import org.loanledger.query.web.QueryProblemException;
import org.loanledger.shared.account.AccountState;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The bounded wait behind {@code ?minVersion=N}: a caller that just got version N from the command side waits until
 * the view has folded event N, and gets {@code 409 STALE_VIEW} if that does not happen within the bound.
 *
 * <p>The view is read once; if it is behind, the wait is told the moment this instance writes the version
 * ({@link ViewVersions}), and reads the view again only in case another instance of the service projects it: after
 * {@code ledger.query.min-version-poll}, then after twice as long each time, up to
 * {@code ledger.query.min-version-poll-max}. Polling every 10 ms, as before, made each waiting caller read the view a
 * hundred times a second: when the views fell behind under load, the waits themselves loaded the query side. A fixed
 * 100 ms still did: with the views seconds behind at 1,000 events a second, reading the versions of waiting callers
 * took 7% of the query side's CPU samples, more than any view's projection (BENCHMARKS.md, run 45). With the
 * growing interval a wait of 2 s reads the view 7 times instead of 20.
 */
@Component
public class MinVersionWait {

    private final ViewVersions versions;
    private final Duration bound;
    private final Duration pollInterval;
    private final Duration longestPollInterval;

    @Autowired
    public MinVersionWait(ViewVersions versions,
                          @Value("${ledger.query.min-version-wait:2s}") Duration bound,
                          @Value("${ledger.query.min-version-poll:100ms}") Duration pollInterval,
                          @Value("${ledger.query.min-version-poll-max:400ms}") Duration longestPollInterval) {
        if (longestPollInterval.compareTo(pollInterval) < 0) {
            throw new IllegalArgumentException("ledger.query.min-version-poll-max (" + longestPollInterval
                    + ") is shorter than ledger.query.min-version-poll (" + pollInterval + ")");
        }
        this.versions = versions;
        this.bound = bound;
        this.pollInterval = pollInterval;
        this.longestPollInterval = longestPollInterval;
    }

    /** A wait that reads the view again at a fixed interval. */
    public MinVersionWait(ViewVersions versions, Duration bound, Duration pollInterval) {
        this(versions, bound, pollInterval, pollInterval);
    }

    /**
     * Completes once {@code currentVersion} (the view's version of the account, -1 when it has none) reaches
     * {@code minVersion}; at once when {@code minVersion} is null.
     */
    public Mono<Void> await(String view, String accountId, Long minVersion, Callable<Long> currentVersion) {
        if (minVersion == null) {
            return Mono.empty();
        }
        if (minVersion < 0) {
            return Mono.error(negative());
        }
        AtomicLong seen = new AtomicLong(-1);
        Mono<Long> read = Mono.fromCallable(currentVersion)
                .subscribeOn(Schedulers.boundedElastic())
                .doOnNext(seen::set)
                .filter(version -> version >= minVersion);
        Mono<Long> told = versions.reached(view, accountId, minVersion).map(ViewVersions.Written::version)
                .doOnNext(seen::set);
        return waitFor(view, accountId, minVersion, seen, told, read).then();
    }

    /**
     * The account's state as a view that folds states holds it, once it has reached {@code minVersion} (at once when
     * that is null); empty when the view has no document for the account (with {@code minVersion}, a view without
     * the account is behind it). The view is read once: a view already there answers from that read, and a reader
     * that waits takes the state this instance tells as it writes the version, without reading the view back. Only
     * where another instance projects the view is it read again ({@link #pollInterval}).
     *
     * @param read      the view's document of the account, its state not parsed yet
     * @param versionOf the last event of the account a document read holds
     * @param stateOf   the state of a document read, parsed only once it is recent enough
     */
    public <D> Mono<Optional<AccountState>> state(String view, String accountId, Long minVersion,
                                                 Callable<Optional<D>> read, ToLongFunction<D> versionOf,
                                                 Function<D, AccountState> stateOf) {
        Mono<Optional<D>> readOnce = Mono.fromCallable(read).subscribeOn(Schedulers.boundedElastic());
        if (minVersion == null) {
            return readOnce.map(found -> found.map(stateOf));
        }
        if (minVersion < 0) {
            return Mono.error(negative());
        }
        AtomicLong seen = new AtomicLong(-1);
        Mono<Optional<AccountState>> recent = readOnce
                .filter(found -> {
                    long version = found.map(versionOf::applyAsLong).orElse(-1L);
                    seen.set(version);
                    return version >= minVersion;
                })
                .map(found -> found.map(stateOf));
        // The write is told on the projection's own thread: the answer is made elsewhere.
        Mono<Optional<AccountState>> told = versions.reached(view, accountId, minVersion)
                .doOnNext(written -> seen.set(written.version()))
                .publishOn(Schedulers.parallel())
                .flatMap(written -> written.state() != null
                        ? Mono.just(Optional.of(written.state()))
                        : readOnce.map(found -> found.map(stateOf)));
        return waitFor(view, accountId, minVersion, seen, told, recent);
    }

    /**
     * The first of {@code told} and {@code read}, read again after each {@link #pollInterval} while it finds the view
     * behind; {@code 409 STALE_VIEW} naming the version last {@code seen} once the bound runs out.
     */
    private <T> Mono<T> waitFor(String view, String accountId, long minVersion, AtomicLong seen, Mono<T> told,
                                Mono<T> read) {
        // Told of the write first, then the view read: a write between the two is not missed.
        return Mono.firstWithValue(told, read.repeatWhenEmpty(attempts -> attempts.concatMap(
                        attempt -> Mono.delay(pollInterval(attempt)))))
                .timeout(bound, Mono.defer(() -> Mono.error(stale(view, accountId, minVersion, seen.get()))));
    }

    private static QueryProblemException negative() {
        return QueryProblemException.invalid("minVersion must be 0 or more");
    }

    /** How long to wait before reading the view again after {@code reads} reads found it behind (0 for the first). */
    Duration pollInterval(long reads) {
        Duration interval = pollInterval;
        for (long i = 0; i < reads && interval.compareTo(longestPollInterval) < 0; i++) {
            interval = interval.multipliedBy(2);
        }
        return interval.compareTo(longestPollInterval) < 0 ? interval : longestPollInterval;
    }

    private QueryProblemException stale(String view, String accountId, long minVersion, long seen) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("accountId", accountId);
        properties.put("view", view);
        properties.put("minVersion", minVersion);
        properties.put("viewVersion", seen);
        properties.put("waitedMillis", bound.toMillis());
        return new QueryProblemException(HttpStatus.CONFLICT, QueryCodes.STALE_VIEW,
                "the " + view + " view of account " + accountId + " has not reached version " + minVersion
                        + " within " + bound.toMillis() + " ms; retry later", properties);
    }
}
