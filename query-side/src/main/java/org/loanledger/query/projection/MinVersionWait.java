package org.loanledger.query.projection;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import org.loanledger.query.web.QueryCodes;
import org.loanledger.query.web.QueryProblemException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The bounded wait behind {@code ?minVersion=N}: a caller that just got version N from the command side waits until
 * the view has folded event N, and gets {@code 409 STALE_VIEW} if that does not happen within the bound.
 *
 * <p>It polls the view by {@code _id}, which is cheap on every MongoDB, and works when the views are fed by another
 * instance of this service.
 */
@Component
public class MinVersionWait {

    private final Duration bound;
    private final Duration pollInterval;

    public MinVersionWait(@Value("${ledger.query.min-version-wait:2s}") Duration bound,
                          @Value("${ledger.query.min-version-poll:10ms}") Duration pollInterval) {
        this.bound = bound;
        this.pollInterval = pollInterval;
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
            return Mono.error(QueryProblemException.invalid("minVersion must be 0 or more"));
        }
        AtomicLong seen = new AtomicLong(-1);
        return Mono.fromCallable(currentVersion)
                .subscribeOn(Schedulers.boundedElastic())
                .doOnNext(seen::set)
                .filter(version -> version >= minVersion)
                .repeatWhenEmpty(attempts -> attempts.delayElements(pollInterval))
                .timeout(bound, Mono.defer(() -> Mono.error(stale(view, accountId, minVersion, seen.get()))))
                .then();
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
