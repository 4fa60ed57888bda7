package org.loanledger.command.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The ledger's clock under a test's control: it stands still until the test moves it, and only ever forward, so
 * cool-offs and due dates pass exactly when a test says and the accounts of earlier tests never see time run back.
 */
public final class MovableClock extends Clock {

    private final AtomicReference<Instant> now;

    public MovableClock(Instant start) {
        this.now = new AtomicReference<>(start);
    }

    public void advance(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("time only moves forward, not by " + duration);
        }
        now.updateAndGet(current -> current.plus(duration));
    }

    /** Moves the clock to {@code instant}, which must not be before the time it shows. */
    public void advanceTo(Instant instant) {
        Instant before = now.getAndUpdate(current -> instant.isBefore(current) ? current : instant);
        if (instant.isBefore(before)) {
            throw new IllegalArgumentException("time only moves forward: it is " + before + ", not " + instant);
        }
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the ledger decides in UTC");
    }
}
