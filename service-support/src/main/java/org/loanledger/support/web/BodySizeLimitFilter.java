package org.loanledger.support.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Refuses a declared body over the limit before reading any of it. Bodies sent without a length are held to the
 * same limit by the JSON codec ({@code spring.codec.max-in-memory-size}).
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
public class BodySizeLimitFilter implements WebFilter {

    /** No command needs more; a larger body is a mistake or an attack. */
    public static final long MAX_BODY_BYTES = 16 * 1024;

    private final ProblemWriter problems;

    public BodySizeLimitFilter(ObjectMapper objectMapper) {
        this.problems = new ProblemWriter(objectMapper);
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        long length = exchange.getRequest().getHeaders().getContentLength();
        if (length <= MAX_BODY_BYTES) {
            return chain.filter(exchange);
        }
        return problems.write(exchange, Problems.of(HttpStatus.PAYLOAD_TOO_LARGE, Problems.PAYLOAD_TOO_LARGE,
                "the request body is larger than " + MAX_BODY_BYTES + " bytes"));
    }
}
