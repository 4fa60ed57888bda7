package org.loanledger.command.web;

import java.time.Instant;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/** Replaces the ledger's clock with a {@link MovableClock}; only test classes that import this get it. */
@TestConfiguration(proxyBeanMethods = false)
public class MovableClockConfiguration {

    /**
     * A fixed start, at nine in the morning UTC, so due dates and cool-offs fall on instants a test can compute and
     * a day's boundary is hours away from every request.
     */
    public static final Instant START = Instant.parse("2026-11-02T09:00:00Z");

    @Bean
    @Primary
    public MovableClock movableClock() {
        return new MovableClock(START);
    }
}
