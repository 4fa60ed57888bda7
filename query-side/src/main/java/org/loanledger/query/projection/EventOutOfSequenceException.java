package org.loanledger.query.projection;

/**
 * An event arrived that does not follow the last one a view folded for its account. Folding it would compute a
 * state the ledger never had, so the event is refused (and dead-lettered) instead.
 */
public class EventOutOfSequenceException extends RuntimeException {

    public EventOutOfSequenceException(String view, String accountId, long expected, long actual) {
        super(view + " expected event " + expected + " of account " + accountId + " but got event " + actual);
    }
}
