package org.loanledger.command.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.Semaphore;
import org.loanledger.support.web.ProblemWriter;
import org.loanledger.support.web.Problems;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Bounds the commands being decided at once. Past the bound a command is answered at once with 503 and
 * {@code Retry-After}, having recorded nothing, rather than queueing without limit until callers time out and
 * retry into an ever longer queue.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
public class InFlightLimitFilter implements WebFilter {

    /** Seconds a refused caller should wait: long enough for the commands in flight to drain at normal rates. */
    static final String RETRY_AFTER_SECONDS = "1";

    private final Semaphore permits;
    private final int maxInFlight;
    private final ProblemWriter problems;

    public InFlightLimitFilter(@Value("${ledger.command.max-in-flight:96}") int maxInFlight, ObjectMapper objectMapper,
                               MeterRegistry meters) {
        this.maxInFlight = maxInFlight;
        this.permits = new Semaphore(maxInFlight);
        this.problems = new ProblemWriter(objectMapper);
        meters.gauge("ledger.commands.in.flight", permits, p -> maxInFlight - p.availablePermits());
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        HttpMethod method = exchange.getRequest().getMethod();
        if (method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.OPTIONS) {
            return chain.filter(exchange);
        }
        if (!permits.tryAcquire()) {
            exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
            return problems.write(exchange, Problems.of(HttpStatus.SERVICE_UNAVAILABLE, Problems.OVERLOADED,
                    "the ledger is deciding " + maxInFlight + " commands already; nothing was recorded, retry later"));
        }
        return chain.filter(exchange).doFinally(signal -> permits.release());
    }
}
