package org.loanledger.support.eventstore;

import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * The commits of the event store's writers that have begun and not yet returned, so that the durable position can
 * wait for those that were under way when it read which events were visible.
 *
 * <p>H2 makes a commit visible to other sessions before it has flipped the transaction's rows to committed and
 * cleared its undo log, and a write of the store takes its maps one by one; a write that takes a table before the
 * flip and the undo log after it keeps the transaction as rows that read as never written after a restart
 * (CRASH-SAFETY.md). A commit that has returned is whole in any write begun after it, since with
 * {@code WRITE_DELAY=0} H2 writes the store inside the commit itself.
 *
 * <p>Commits count in the current epoch; {@link #awaitBegunBefore} starts a new one and waits for the old one's to
 * return. Two counters serve alternate epochs, so a caller must not overlap its own calls.
 */
public final class CommitsInFlight {

    private final LongAdder[] inEpoch = {new LongAdder(), new LongAdder()};
    private volatile long epoch;

    /** Counts a commit that is about to begin; the returned ticket goes to {@link #returned}. */
    public long beginning() {
        while (true) {
            long current = epoch;
            inEpoch[(int) (current & 1)].increment();
            if (epoch == current) {
                return current;
            }
            // An epoch began in between: count the commit in the new one, which the waiter does not wait for.
            inEpoch[(int) (current & 1)].decrement();
        }
    }

    /** The commit of this ticket has returned (or failed). */
    public void returned(long ticket) {
        inEpoch[(int) (ticket & 1)].decrement();
    }

    /**
     * Waits until every commit that began before this call has returned, at most {@code bound}; returns whether they
     * all did. Commits that begin during the wait are not waited for.
     */
    public boolean awaitBegunBefore(Duration bound) {
        long previous = epoch;
        epoch = previous + 1;
        LongAdder begunBefore = inEpoch[(int) (previous & 1)];
        long deadline = System.nanoTime() + bound.toNanos();
        while (begunBefore.sum() > 0) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            LockSupport.parkNanos(20_000);
        }
        return true;
    }
}
