package org.loanledger.query.projection;

/** What one view collected while a batch of events was handled, written in one go before the batch's token. */
public interface PendingWrites {

    /** Writes everything collected so far; afterwards nothing is pending. */
    void flush();
}
