package org.loanledger.command.web;

import java.util.List;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;
import org.loanledger.shared.account.AccountEvent;
import org.loanledger.shared.account.AccountFold;
import org.loanledger.shared.account.AccountState;

/**
 * What the event store holds for an account, read back as the ledger's own events: the proof of what a request
 * recorded, beyond what its answer said.
 */
public final class StoredAccounts {

    /** One stored event with its sequence and metadata. */
    public record Stored(long sequence, AccountEvent event, MetaData metaData) {
    }

    private final EventStore eventStore;

    public StoredAccounts(EventStore eventStore) {
        this.eventStore = eventStore;
    }

    /** Every event of the account, oldest first, read from the store rather than from any snapshot. */
    public List<Stored> events(String accountId) {
        return eventStore.readEvents(accountId, 0).asStream()
                .map(message -> new Stored(message.getSequenceNumber(), (AccountEvent) message.getPayload(),
                        message.getMetaData()))
                .toList();
    }

    /** The event at {@code sequence}, which must be of {@code type}. */
    public <T extends AccountEvent> T event(String accountId, long sequence, Class<T> type) {
        DomainEventMessage<?> message = eventStore.readEvents(accountId, sequence).asStream()
                .findFirst()
                .filter(m -> m.getSequenceNumber() == sequence)
                .orElseThrow(() -> new AssertionError("account " + accountId + " has no event " + sequence));
        if (!type.isInstance(message.getPayload())) {
            throw new AssertionError("event " + sequence + " of " + accountId + " is a "
                    + message.getPayloadType().getSimpleName() + ", not a " + type.getSimpleName());
        }
        return type.cast(message.getPayload());
    }

    /** The account as its stored events make it. */
    public AccountState state(String accountId) {
        return AccountFold.replay(accountId, events(accountId).stream().map(Stored::event).toList());
    }
}
