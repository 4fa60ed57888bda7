package org.loanledger.query.support;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;
import org.loanledger.shared.account.AccountEvent;
import org.loanledger.shared.integrity.HashChain;
import org.loanledger.support.eventstore.DurablePosition;

/**
 * Appends events to an event store the way the command side's aggregate does: per-account sequences from 0, the
 * aggregate type, and metadata with the hash-chain link and the actor.
 */
public final class EventStoreWriter {

    public static final String AGGREGATE_TYPE = "LoanAccount";

    private final EventStore eventStore;
    private final DurablePosition durable;
    private final Map<String, Long> nextSequence = new HashMap<>();
    private final Map<String, String> chainHeads = new HashMap<>();

    public EventStoreWriter(EventStore eventStore) {
        this(eventStore, null);
    }

    /**
     * A writer whose appends are durable when {@link #append} returns, as they are once the process serving the store
     * has run its next round: for tests that read the store's events straight after appending them, which read
     * nothing the durable position does not cover.
     */
    public EventStoreWriter(EventStore eventStore, DurablePosition durable) {
        this.eventStore = eventStore;
        this.durable = durable;
    }

    /** Appends the events in order; returns the sequence each one got. */
    public synchronized List<Long> append(AccountEvent... events) {
        List<DomainEventMessage<?>> messages = new ArrayList<>();
        List<Long> sequences = new ArrayList<>();
        for (AccountEvent event : events) {
            long sequence = nextSequence.getOrDefault(event.accountId(), 0L);
            String link = HashChain.link(chainHeads.getOrDefault(event.accountId(), HashChain.GENESIS), sequence,
                    event.occurredAt(), event);
            messages.add(message(event, sequence, link));
            nextSequence.put(event.accountId(), sequence + 1);
            chainHeads.put(event.accountId(), link);
            sequences.add(sequence);
        }
        eventStore.publish(messages);
        if (durable != null) {
            durable.refresh();
        }
        return sequences;
    }

    /** The event as the command side would have stored it at {@code sequence}, without appending it. */
    public static DomainEventMessage<AccountEvent> message(AccountEvent event, long sequence, String chainLink) {
        MetaData metaData = MetaData.with(HashChain.METADATA_KEY, chainLink).and("actor", event.actor());
        return new GenericDomainEventMessage<>(AGGREGATE_TYPE, event.accountId(), sequence, event, metaData);
    }

    public long version(String accountId) {
        return nextSequence.getOrDefault(accountId, 0L) - 1;
    }
}
