package org.loanledger.command.account;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.axonframework.common.Registration;
import org.axonframework.common.caching.Cache;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.config.AggregateConfigurer;
import org.axonframework.config.Configuration;
import org.axonframework.config.DefaultConfigurer;
import org.loanledger.shared.risk.RiskPolicies;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.messaging.correlation.MessageOriginProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.loanledger.shared.account.AccountCommand;
import org.loanledger.shared.json.LedgerJson;

/**
 * The LoanAccount aggregate in a plain Axon configuration over an in-memory event store, loaded either from a cache
 * that keeps every account (so one live instance evolves across commands) or, with no cache, from snapshots that are
 * written and read as the ledger's storage JSON (so every load goes through a snapshot and the events after it).
 */
final class InMemoryLedger implements AutoCloseable {

    enum Loading { CACHED, SNAPSHOTS }

    private final Configuration configuration;
    private final JsonSnapshotStorageEngine storageEngine;

    InMemoryLedger(Loading loading, Clock clock, LedgerLimits limits, int snapshotEveryEvents) {
        this(loading, clock, limits, snapshotEveryEvents, AccountTestData.NO_RULES);
    }

    InMemoryLedger(Loading loading, Clock clock, LedgerLimits limits, int snapshotEveryEvents, RiskPolicies policies) {
        Serializer serializer = storageSerializer();
        storageEngine = new JsonSnapshotStorageEngine(serializer);
        AggregateConfigurer<LoanAccount> aggregate = AggregateConfigurer.defaultConfiguration(LoanAccount.class);
        if (loading == Loading.CACHED) {
            aggregate.configureCache(c -> new KeepEverythingCache());
        } else {
            aggregate.configureSnapshotTrigger(c -> new EventCountSnapshotTriggerDefinition(c.snapshotter(),
                    snapshotEveryEvents));
        }
        configuration = DefaultConfigurer.defaultConfiguration(false)
                .configureSerializer(c -> serializer)
                .configureEventSerializer(c -> serializer)
                .configureMessageSerializer(c -> serializer)
                .configureEmbeddedEventStore(c -> storageEngine)
                .configureAggregate(aggregate)
                .registerComponent(Clock.class, c -> clock)
                .registerComponent(LedgerLimits.class, c -> limits)
                .registerComponent(RiskPolicies.class, c -> policies)
                .configureCorrelationDataProviders(c -> List.of(new MessageOriginProvider(),
                        new SimpleCorrelationDataProvider(LoanAccount.ACTOR)))
                .buildConfiguration();
        configuration.start();
    }

    static Serializer storageSerializer() {
        return JacksonSerializer.builder().objectMapper(LedgerJson.storageMapper()).build();
    }

    /** Sends the command as the HTTP layer does and returns its outcome, or throws the refusal. */
    CommandOutcome send(String actor, AccountCommand command) {
        return configuration.commandGateway().sendAndWait(GenericCommandMessage.asCommandMessage(command)
                .andMetaData(Map.of(LoanAccount.ACTOR, actor)));
    }

    /** The account's stored events (never a snapshot), in sequence order. */
    List<DomainEventMessage<?>> events(String accountId) {
        return storageEngine.readEvents(accountId, 0).asStream().<DomainEventMessage<?>>map(event -> event).toList();
    }

    /** The aggregate as the repository hands it to the next command. */
    LoanAccount load(String accountId) {
        DefaultUnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
        return unitOfWork.executeWithResult(() -> configuration.repository(LoanAccount.class).load(accountId)
                .invoke(account -> account)).getPayload();
    }

    /** Puts events into the store as they were stored elsewhere, without a command. */
    void storeHistory(List<DomainEventMessage<?>> events) {
        storageEngine.appendEvents(events);
    }

    void storeSnapshot(DomainEventMessage<?> snapshot) {
        storageEngine.storeSnapshot(snapshot);
    }

    int snapshotsTaken() {
        return storageEngine.snapshotsStored;
    }

    /** The sequence of the event the account's latest snapshot was taken at, or -1 without one. */
    long snapshotSequence(String accountId) {
        JsonSnapshotStorageEngine.StoredSnapshot snapshot = storageEngine.snapshots.get(accountId);
        return snapshot == null ? -1 : snapshot.sequence();
    }

    @Override
    public void close() {
        configuration.shutdown();
    }

    /**
     * Keeps snapshots as the ledger's storage JSON and hands out a fresh copy on every read, as a real store does,
     * and reads an account's events from an index by account: the plain in-memory engine scans every event it holds.
     */
    private static final class JsonSnapshotStorageEngine extends InMemoryEventStorageEngine {

        private record StoredSnapshot(String type, long sequence, SerializedObject<String> payload) {
        }

        private final Serializer serializer;
        private final Map<String, StoredSnapshot> snapshots = new ConcurrentHashMap<>();
        private final Map<String, List<DomainEventMessage<?>>> eventsByAccount = new ConcurrentHashMap<>();
        private volatile int snapshotsStored;

        JsonSnapshotStorageEngine(Serializer serializer) {
            this.serializer = serializer;
        }

        @Override
        public void appendEvents(List<? extends EventMessage<?>> events) {
            super.appendEvents(events);
            for (EventMessage<?> event : events) {
                if (event instanceof DomainEventMessage<?> domainEvent) {
                    eventsByAccount.computeIfAbsent(domainEvent.getAggregateIdentifier(),
                            id -> new CopyOnWriteArrayList<>()).add(domainEvent);
                }
            }
        }

        @Override
        public DomainEventStream readEvents(String aggregateIdentifier, long firstSequenceNumber) {
            return DomainEventStream.of(eventsByAccount.getOrDefault(aggregateIdentifier, List.of()).stream()
                    .filter(event -> event.getSequenceNumber() >= firstSequenceNumber)
                    .toList());
        }

        @Override
        public void storeSnapshot(DomainEventMessage<?> snapshot) {
            snapshots.put(snapshot.getAggregateIdentifier(), new StoredSnapshot(snapshot.getType(),
                    snapshot.getSequenceNumber(), serializer.serialize(snapshot.getPayload(), String.class)));
            snapshotsStored++;
        }

        @Override
        public Optional<DomainEventMessage<?>> readSnapshot(String aggregateIdentifier) {
            return Optional.ofNullable(snapshots.get(aggregateIdentifier))
                    .map(stored -> new GenericDomainEventMessage<>(stored.type(), aggregateIdentifier,
                            stored.sequence(), serializer.deserialize(stored.payload())));
        }
    }

    /** A cache that forgets nothing, so the instance that handled one command also handles the next. */
    private static final class KeepEverythingCache implements Cache {

        private final Map<Object, Object> entries = new ConcurrentHashMap<>();

        @Override
        @SuppressWarnings("unchecked")
        public <K, V> V get(K key) {
            return (V) entries.get(key);
        }

        @Override
        public void put(Object key, Object value) {
            entries.put(key, value);
        }

        @Override
        public boolean putIfAbsent(Object key, Object value) {
            return entries.putIfAbsent(key, value) == null;
        }

        @Override
        public boolean remove(Object key) {
            return entries.remove(key) != null;
        }

        @Override
        public boolean containsKey(Object key) {
            return entries.containsKey(key);
        }

        @Override
        public Registration registerCacheEntryListener(EntryListener cacheEntryListener) {
            return () -> true;
        }
    }

    /** A clock the test moves forward. */
    static final class MovableClock extends Clock {

        private Instant now;

        MovableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException("the ledger decides in UTC");
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
