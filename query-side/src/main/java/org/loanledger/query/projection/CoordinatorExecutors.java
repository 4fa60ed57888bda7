package org.loanledger.query.projection;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.axonframework.common.AxonThreadFactory;

/**
 * The executors of the pooled processors' coordinators, the threads that read events and hand them to the work
 * packages of the segments.
 *
 * <p>Axon's coordinator stops reading whenever a work package holds 1,024 events and looks again 100 ms later; a
 * work package finishing its batch does not wake it (Axon 4.13, {@code Coordinator}: its only wait that short). A
 * work package takes up to 500 events of its own segment at once, so with two segments one refill of 1,024 events is
 * one batch each: it took 30 to 50 ms here, and the work packages then stood idle for the rest of the 100 ms, about
 * half of a rebuild. The executors made here run such short waits after {@code fullQueueWait} instead; the
 * coordinator then finds room as soon as a batch has been taken. Longer waits (retries after errors, looking for
 * unclaimed segments, an idle processor's) are kept as Axon schedules them.
 */
public final class CoordinatorExecutors {

    /** The wait Axon's coordinator schedules when a work package is full, and nothing else that short. */
    static final Duration AXON_FULL_QUEUE_WAIT = Duration.ofMillis(100);

    private final Duration fullQueueWait;
    private final Map<String, CoordinatorExecutor> byProcessor = new ConcurrentHashMap<>();

    public CoordinatorExecutors(Duration fullQueueWait) {
        if (fullQueueWait.isNegative() || fullQueueWait.compareTo(AXON_FULL_QUEUE_WAIT) > 0) {
            throw new IllegalArgumentException("The coordinator's wait on a full work package must be between 0 and "
                    + AXON_FULL_QUEUE_WAIT.toMillis() + " ms, not " + fullQueueWait.toMillis() + " ms");
        }
        this.fullQueueWait = fullQueueWait;
    }

    /** The coordinator's executor for the processor named; Axon asks once per processor. */
    public ScheduledExecutorService forProcessor(String processorName) {
        return byProcessor.computeIfAbsent(processorName, name -> new CoordinatorExecutor(name, fullQueueWait));
    }

    /** How many waits on a full work package the processor's coordinator has had shortened. */
    public long shortenedWaits(String processorName) {
        CoordinatorExecutor executor = byProcessor.get(processorName);
        return executor == null ? 0 : executor.shortened.get();
    }

    /** How many runs the processor's coordinator has completed on these executors (0: not one of theirs). */
    public long coordinationRuns(String processorName) {
        CoordinatorExecutor executor = byProcessor.get(processorName);
        return executor == null ? 0 : executor.getCompletedTaskCount();
    }

    public void shutdown() {
        byProcessor.values().forEach(ScheduledThreadPoolExecutor::shutdown);
    }

    static final class CoordinatorExecutor extends ScheduledThreadPoolExecutor {

        private final long fullQueueWaitNanos;
        private final AtomicLong shortened = new AtomicLong();

        CoordinatorExecutor(String processorName, Duration fullQueueWait) {
            super(1, new AxonThreadFactory("Coordinator[" + processorName + "]"));
            this.fullQueueWaitNanos = fullQueueWait.toNanos();
        }

        @Override
        public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
            long nanos = unit.toNanos(delay);
            if (nanos > fullQueueWaitNanos && nanos <= AXON_FULL_QUEUE_WAIT.toNanos()) {
                nanos = fullQueueWaitNanos;
                shortened.incrementAndGet();
            }
            return super.schedule(command, nanos, TimeUnit.NANOSECONDS);
        }
    }
}
