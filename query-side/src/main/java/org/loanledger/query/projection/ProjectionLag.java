package org.loanledger.query.projection;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.messaging.Message;
import org.springframework.stereotype.Component;

/**
 * How long each event took, per projection, from being stored to being written to the projection's view: counted
 * in fixed buckets since the process started, so that anyone reading the counts twice has the distribution of every
 * event in between (the listing's {@code lagSeconds} is the age of the oldest event not yet projected, at the moment
 * it is asked).
 *
 * <p>An event counts once its batch's view writes are acknowledged ({@link ViewFlushingTokenStore}). Events seen
 * again by a rebuild do not count: their age is the rebuild's, not the stream's. The age is taken against the
 * event's own timestamp, so a writer whose clock runs apart from this process's shifts every figure by as much.
 */
@Component
public class ProjectionLag {

    /** Upper bounds of the buckets, inclusive, in milliseconds; a last bucket holds everything above. */
    static final long[] UPPER_BOUNDS_MILLIS = {
            5, 10, 15, 20, 25, 30, 40, 50, 60, 70, 80, 90, 100, 125, 150, 200, 250, 300, 400, 500, 750,
            1_000, 2_000, 5_000, 10_000, 30_000, 60_000};
    private static final List<Long> UPPER_BOUNDS = Arrays.stream(UPPER_BOUNDS_MILLIS).boxed().toList();

    private final Clock clock;
    private final Map<String, AtomicLongArray> counts = new ConcurrentHashMap<>();

    public ProjectionLag() {
        this(Clock.systemUTC());
    }

    ProjectionLag(Clock clock) {
        this.clock = clock;
    }

    /**
     * The counts of one projection: {@code counts[i]} events took at most {@code upperBoundsMillis[i]} and more
     * than the bound before; the last count, one more than the bounds, those that took longer than every bound.
     */
    public record Histogram(List<Long> upperBoundsMillis, List<Long> counts) {
    }

    /** Counts the events of a batch whose view writes have just been acknowledged. */
    public void written(String projection, List<? extends Message<?>> batch) {
        Instant now = clock.instant();
        AtomicLongArray buckets = null;
        for (Message<?> message : batch) {
            if (message instanceof EventMessage<?> event && !ReplayToken.isReplay(message)) {
                if (buckets == null) {
                    buckets = counts.computeIfAbsent(projection,
                            name -> new AtomicLongArray(UPPER_BOUNDS_MILLIS.length + 1));
                }
                buckets.incrementAndGet(bucket(ageMillis(event.getTimestamp(), now)));
            }
        }
    }

    /** The projection's counts so far (all zero before its first event). */
    public Histogram histogram(String projection) {
        AtomicLongArray buckets = counts.get(projection);
        Long[] copy = new Long[UPPER_BOUNDS_MILLIS.length + 1];
        for (int i = 0; i < copy.length; i++) {
            copy[i] = buckets == null ? 0L : buckets.get(i);
        }
        return new Histogram(UPPER_BOUNDS, List.of(copy));
    }

    /** Never fails the batch: an age beyond what a long holds in milliseconds counts as the longest (or none). */
    static long ageMillis(Instant storedAt, Instant now) {
        try {
            return Math.max(0, Duration.between(storedAt, now).toMillis());
        } catch (ArithmeticException beyondRange) {
            return storedAt.isBefore(now) ? Long.MAX_VALUE : 0;
        }
    }

    static int bucket(long millis) {
        int at = Arrays.binarySearch(UPPER_BOUNDS_MILLIS, millis);
        return at >= 0 ? at : -at - 1;
    }
}
