package org.loanledger.support.eventstore;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * A round of work on the embedded store every few milliseconds, on a daemon thread of its own while the application
 * runs. While the store is away every round fails; that is logged once, with its cause, and its end once.
 */
abstract class StoreHousekeeping implements SmartLifecycle {

    private final Logger log = LoggerFactory.getLogger(getClass());
    private final String threadName;
    private final String failure;
    private final String recovery;
    private final long intervalMillis;
    private ScheduledExecutorService executor;
    private volatile boolean running;
    private int failedRounds;

    /**
     * @param failure  what is logged when a round fails after one that did not
     * @param recovery what is logged, with the count of failed rounds, when a round succeeds after failed ones
     */
    StoreHousekeeping(String threadName, long intervalMillis, String failure, String recovery) {
        this.threadName = threadName;
        this.intervalMillis = intervalMillis;
        this.failure = failure;
        this.recovery = recovery;
    }

    /** One round, on the housekeeping thread; also callable directly. */
    protected abstract void round();

    /** Said by a round that failed. */
    protected final void failed(Exception e) {
        if (failedRounds++ == 0) {
            log.warn("{}; it is tried again every {} ms and logged again once it succeeds", failure, intervalMillis, e);
        }
    }

    /** Said by a round that succeeded. */
    protected final void succeeded() {
        if (failedRounds > 0) {
            log.info("{}, after {} failed rounds", recovery, failedRounds);
            failedRounds = 0;
        }
    }

    @Override
    public void start() {
        executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, threadName);
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(this::round, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
