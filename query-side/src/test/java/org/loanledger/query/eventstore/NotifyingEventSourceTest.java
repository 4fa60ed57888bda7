package org.loanledger.query.eventstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.messaging.StreamableMessageSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class NotifyingEventSourceTest {

    private final EmbeddedEventStore store = EmbeddedEventStore.builder()
            .storageEngine(new InMemoryEventStorageEngine())
            .build();
    private NotifyingEventSource source;

    @AfterEach
    void stop() {
        if (source != null) {
            source.close();
        }
        store.shutDown();
    }

    @Nested
    class AStreamWithoutACallbackOfItsOwn {

        @Test
        void wakesItsReaderOnceAnEventIsStored() throws Exception {
            source = new NotifyingEventSource(store, Duration.ofMillis(5));
            BlockingStream<TrackedEventMessage<?>> stream = source.openStream(null);
            AtomicInteger woken = new AtomicInteger();

            assertThat(stream.setOnAvailableCallback(woken::incrementAndGet)).isTrue();
            assertThat(woken).hasValue(0);
            store.publish(GenericEventMessage.asEventMessage("first"));

            await().atMost(Duration.ofSeconds(5)).until(() -> woken.get() > 0);
            assertThat(stream.hasNextAvailable()).isTrue();
            assertThat(stream.nextAvailable().getPayload()).isEqualTo("first");
            stream.close();
        }

        @Test
        void isNoLongerWatchedOnceClosed() {
            source = new NotifyingEventSource(store, Duration.ofMillis(5));
            BlockingStream<TrackedEventMessage<?>> stream = source.openStream(null);
            stream.setOnAvailableCallback(() -> { });
            assertThat(source.watchedStreams()).isEqualTo(1);

            stream.close();

            assertThat(source.watchedStreams()).isZero();
        }
    }

    @Nested
    class EventsAboveTheDurablePosition {

        @Test
        void areHeldBackUntilThePositionPassesThem() throws Exception {
            AtomicLong durable = new AtomicLong(-1);
            source = new NotifyingEventSource(store, index -> index <= durable.get(), Duration.ofMillis(5));
            store.publish(GenericEventMessage.asEventMessage("first"), GenericEventMessage.asEventMessage("second"));
            BlockingStream<TrackedEventMessage<?>> stream = source.openStream(null);

            assertThat(stream.hasNextAvailable()).isFalse();
            assertThat(stream.peek()).isEmpty();

            durable.set(0);
            assertThat(stream.hasNextAvailable()).isTrue();
            assertThat(stream.nextAvailable().getPayload()).isEqualTo("first");
            assertThat(stream.hasNextAvailable()).isFalse();
            assertThat(stream.hasNextAvailable(20, TimeUnit.MILLISECONDS)).isFalse();
            stream.close();
        }

        @Test
        void holdBackTheEventsAfterOneThatIsNotDurableYet() throws Exception {
            Set<Long> heldBack = ConcurrentHashMap.newKeySet();
            heldBack.add(0L);
            source = new NotifyingEventSource(store, index -> !heldBack.contains(index), Duration.ofMillis(5));
            store.publish(GenericEventMessage.asEventMessage("first"), GenericEventMessage.asEventMessage("second"));
            BlockingStream<TrackedEventMessage<?>> stream = source.openStream(null);

            assertThat(stream.hasNextAvailable(20, TimeUnit.MILLISECONDS))
                    .as("the second event is durable, but the first is not: nothing is handed out").isFalse();
            assertThat(stream.peek()).isEmpty();

            heldBack.clear();
            assertThat(stream.nextAvailable().getPayload()).isEqualTo("first");
            assertThat(stream.nextAvailable().getPayload()).isEqualTo("second");
            stream.close();
        }

        @Test
        void wakeTheReaderOnceTheyBecomeDurable() throws Exception {
            AtomicLong durable = new AtomicLong(-1);
            source = new NotifyingEventSource(store, index -> index <= durable.get(), Duration.ofMillis(5));
            store.publish(GenericEventMessage.asEventMessage("first"));
            BlockingStream<TrackedEventMessage<?>> stream = source.openStream(null);
            AtomicInteger woken = new AtomicInteger();
            stream.setOnAvailableCallback(woken::incrementAndGet);
            assertThat(stream.hasNextAvailable()).isFalse();

            durable.set(0);

            await().atMost(Duration.ofSeconds(5)).until(() -> woken.get() > 0);
            assertThat(stream.nextAvailable().getPayload()).isEqualTo("first");
            stream.close();
        }
    }

    @Nested
    class AStreamWithItsOwnCallback {

        @Test
        void keepsItAndIsNeverWatched() {
            CallbackStream own = new CallbackStream();
            source = new NotifyingEventSource(new SingleStreamSource(own), Duration.ofMillis(5));
            Runnable callback = () -> { };

            assertThat(source.openStream(null).setOnAvailableCallback(callback)).isTrue();

            assertThat(own.callback).isSameAs(callback);
            assertThat(source.watchedStreams()).isZero();
        }
    }

    @Test
    void answersTokensFromTheStore() {
        source = new NotifyingEventSource(store, Duration.ofMillis(5));
        store.publish(GenericEventMessage.asEventMessage("first"));

        assertThat(source.createHeadToken()).isEqualTo(store.createHeadToken());
        assertThat(source.createTailToken()).isEqualTo(store.createTailToken());
    }

    /** A stream like Axon Server's: it calls its reader itself. */
    private static final class CallbackStream implements BlockingStream<TrackedEventMessage<?>> {
        private Runnable callback;

        @Override
        public boolean setOnAvailableCallback(Runnable callback) {
            this.callback = callback;
            return true;
        }

        @Override
        public Optional<TrackedEventMessage<?>> peek() {
            return Optional.empty();
        }

        @Override
        public boolean hasNextAvailable(int timeout, TimeUnit unit) {
            return false;
        }

        @Override
        public TrackedEventMessage<?> nextAvailable() {
            throw new IllegalStateException("no events");
        }

        @Override
        public void close() {
        }
    }

    private record SingleStreamSource(BlockingStream<TrackedEventMessage<?>> stream)
            implements StreamableMessageSource<TrackedEventMessage<?>> {
        @Override
        public BlockingStream<TrackedEventMessage<?>> openStream(TrackingToken trackingToken) {
            return stream;
        }
    }
}
