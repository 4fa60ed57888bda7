package org.loanledger.query.explanation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.loanledger.query.eventstore.DurableEvents;
import org.loanledger.shared.account.AccountEvent;
import org.loanledger.shared.account.PersonalDataErased;
import org.springframework.beans.factory.ObjectProvider;
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

    /** Accounts kept in memory: enough for an audit session's working set. */
    private static final int CACHED_ACCOUNTS = 256;

    /**
     * Events kept in memory over all accounts, so that a few long histories cannot fill the heap (a 10,000-event
     * account is tens of MB of deserialized events); the least recently read accounts go first, the one just read stays.
     */
    static final int CACHED_EVENTS = 20_000;

    private final EventStore eventStore;
    private final DurableEvents durable;
    private final Map<String, AccountTimeline> recent = new LinkedHashMap<>(64, 0.75f, true);
    private final int maxCachedEvents;
    private long cachedEvents;

    @org.springframework.beans.factory.annotation.Autowired
    public AccountTimelines(EventStore eventStore, ObjectProvider<DurableEvents> durable) {
        this(eventStore, durable.getIfAvailable(() -> DurableEvents.EVERY_EVENT), CACHED_EVENTS);
    }

    AccountTimelines(EventStore eventStore, DurableEvents durable, int maxCachedEvents) {
        this.eventStore = eventStore;
        this.durable = durable;
        this.maxCachedEvents = maxCachedEvents;
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
                AccountTimeline replaced = recent.put(accountId, timeline);
                cachedEvents += timeline.events().size() - (replaced == null ? 0 : replaced.events().size());
                evictBeyondBounds(accountId);
            }
        }
        return Optional.of(timeline);
    }

    private void evictBeyondBounds(String justRead) {
        var eldest = recent.entrySet().iterator();
        while ((recent.size() > CACHED_ACCOUNTS || cachedEvents > maxCachedEvents) && eldest.hasNext()) {
            Map.Entry<String, AccountTimeline> entry = eldest.next();
            if (!entry.getKey().equals(justRead)) {
                cachedEvents -= entry.getValue().events().size();
                eldest.remove();
            }
        }
    }

    /** Events held in memory now, over all cached accounts. */
    long cachedEvents() {
        synchronized (recent) {
            return cachedEvents;
        }
    }

    /** The account's events exactly as the store holds them now, bypassing anything kept in memory. */
    public Optional<AccountTimeline> readFresh(String accountId) {
        List<RecordedEvent> events = fetch(accountId, 0);
        return events.isEmpty() ? Optional.empty() : Optional.of(AccountTimeline.of(accountId, events));
    }

    /**
     * The account's events from {@code fromSequence} on, up to the first one not yet known to be in the store's file
     * ({@link DurableEvents}): the store shows a command's event a moment before it writes it, and a timeline kept
     * here must not keep an event that a crash of the command side could still take away. The event left out is read
     * with the next request, once it is in the file.
     */
    private List<RecordedEvent> fetch(String accountId, long fromSequence) {
        DomainEventStream stream = eventStore.readEvents(accountId, fromSequence);
        List<RecordedEvent> events = new ArrayList<>();
        while (stream.hasNext()) {
            DomainEventMessage<?> message = stream.next();
            if (message.getPayload() instanceof AccountEvent event) {
                events.add(new RecordedEvent(message.getSequenceNumber(), event, message.getMetaData()));
            }
        }
        if (!events.isEmpty()) {
            long firstNotDurable = durable.firstNotDurable(accountId, fromSequence);
            events.removeIf(recorded -> recorded.sequence() >= firstNotDurable);
        }
        return events;
    }
}
