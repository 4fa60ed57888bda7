package org.loanledger.query.eventstore;

/**
 * Which of an aggregate's events, read from the event store directly (not streamed to a projection), are known to be
 * in the store's file. On the embedded H2 store an event is visible a moment before its commit writes it (see
 * {@link org.loanledger.support.eventstore.DurablePosition}); a reader that keeps what it read, such as the cached
 * timelines behind explanations, must stop before the first event that a crash could still take away.
 */
@FunctionalInterface
public interface DurableEvents {

    /** Every event read is durable: Axon Server, PostgreSQL. */
    DurableEvents EVERY_EVENT = (aggregateId, fromSequence) -> Long.MAX_VALUE;

    /**
     * The sequence number of {@code aggregateId}'s first event, at {@code fromSequence} or later, that is not yet known
     * to be in the file; {@link Long#MAX_VALUE} when every one of them is. Asked after the events were read, so that
     * an event it does not name was durable when they were.
     */
    long firstNotDurable(String aggregateId, long fromSequence);
}
