package org.loanledger.query.explanation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.loanledger.shared.account.AccountEvent;
import org.loanledger.shared.account.PersonalDataErased;
import org.springframework.stereotype.Component;

/**
 * Reads accounts' events from the event store itself (never from a view), for replay, explanations and audits.
 *
 * <p>Recently read accounts are kept with their fold checkpoints, and a later read only fetches the events recorded
 * since, so a long history is read from the store once. Integrity checks and audit exports read afresh
 * ({@link #readFresh}): they must see exactly what the store holds now. An account whose customer's personal data
 * was erased is read afresh once its {@code PersonalDataErased} arrives, so no text opened before lingers.
 */
@Component
public class AccountTimelines {

    /** Accounts kept in memory: enough for an audit session's working set, bounded so memory is too. */
    private static final int CACHED_ACCOUNTS = 256;

    private final EventStore eventStore;
    private final Map<String, AccountTimeline> recent = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, AccountTimeline> eldest) {
            return size() > CACHED_ACCOUNTS;
        }
    };

    public AccountTimelines(EventStore eventStore) {
        this.eventStore = eventStore;
    }

    /** The account's timeline up to its latest event, or empty if it has no events. */
    public Optional<AccountTimeline> read(String accountId) {
        AccountTimeline cached;
        synchronized (recent) {
            cached = recent.get(accountId);
        }
        long from = cached == null ? 0 : cached.lastSequence() + 1;
        List<RecordedEvent> newer = fetch(accountId, from);
        if (cached != null && newer.stream().anyMatch(r -> r.event() instanceof PersonalDataErased)) {
            // The events kept in memory were read while the customer's key existed and still hold the text.
            cached = null;
            newer = fetch(accountId, 0);
        }
        AccountTimeline timeline = cached == null ? AccountTimeline.of(accountId, newer) : cached.extendedWith(newer);
        if (timeline.events().isEmpty()) {
            return Optional.empty();
        }
        synchronized (recent) {
            AccountTimeline current = recent.get(accountId);
            if (current == null || current.lastSequence() < timeline.lastSequence()) {
                recent.put(accountId, timeline);
            }
        }
        return Optional.of(timeline);
    }

    /** The account's events exactly as the store holds them now, bypassing anything kept in memory. */
    public Optional<AccountTimeline> readFresh(String accountId) {
        List<RecordedEvent> events = fetch(accountId, 0);
        return events.isEmpty() ? Optional.empty() : Optional.of(AccountTimeline.of(accountId, events));
    }

    private List<RecordedEvent> fetch(String accountId, long fromSequence) {
        DomainEventStream stream = eventStore.readEvents(accountId, fromSequence);
        List<RecordedEvent> events = new ArrayList<>();
        while (stream.hasNext()) {
            DomainEventMessage<?> message = stream.next();
            if (message.getPayload() instanceof AccountEvent event) {
                events.add(new RecordedEvent(message.getSequenceNumber(), event, message.getMetaData()));
            }
        }
        return events;
    }
}
