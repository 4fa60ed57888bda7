package org.loanledger.query.projection;

import java.time.Duration;
import java.util.Set;

/** What one view collected while a batch of events was handled, written in one go before the batch's token. */
public interface PendingWrites {

    /**
     * Told, before the batch's first event is handled, which accounts the batch touches, so a view can read what
     * it keeps of them in one query instead of one round trip per account.
     */
    default void prefetch(Set<String> accountIds) {
    }

    /**
     * Told, before the batch's first event is handled, how long ago the batch's last event was stored: at least how
     * far its processor is behind the stream's head.
     */
    default void behindBy(Duration age) {
    }

    /** Writes everything collected so far; afterwards nothing is pending. */
    void flush();
}
