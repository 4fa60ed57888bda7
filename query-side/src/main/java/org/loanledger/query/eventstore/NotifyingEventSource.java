package org.loanledger.query.eventstore;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongPredicate;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.StreamableMessageSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event source the projections stream from: the event store, with streams that tell their reader when events
 * become available.
 *
 * <p>A pooled streaming processor that finds its stream empty waits for the stream's availability callback; a
 * stream that offers none (the embedded event store's, which polls the database) makes it look again only after
 * 500 ms, so half a second was the floor of every view's lag. Here one watcher looks at every waiting stream each
 * poll interval and calls its reader as soon as an event is there. Streams that have a callback of their own (Axon
 * Server's) keep it and are never watched.
 *
 * <p>On the embedded H2 store the streams also hold back every event the store's durable position does not cover
 * (the {@code readable} test): such an event is visible but may not be in the file yet, and a view must never keep
 * an event that a crash of the serving process could still take away.
 *
 * <p>A stream is read by its processor's coordinator thread and looked at by the watcher, so the methods that move
 * its cursor are serialised on the stream.
 */
public final class NotifyingEventSource implements StreamableMessageSource<TrackedEventMessage<?>>, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(NotifyingEventSource.class);

    private final StreamableMessageSource<TrackedEventMessage<?>> events;
    private final LongPredicate readable;
    private final Set<NotifyingStream> watched = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService watcher;

    /** A source that reads every event as soon as it is stored. */
    public NotifyingEventSource(StreamableMessageSource<TrackedEventMessage<?>> events, Duration pollInterval) {
        this(events, index -> true, pollInterval);
    }

    /**
     * @param readable whether the streams may hand out the event at a global index (the store's durable position)
     */
    public NotifyingEventSource(StreamableMessageSource<TrackedEventMessage<?>> events, LongPredicate readable,
                                Duration pollInterval) {
        this.events = events;
        this.readable = readable;
        this.watcher = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "event-availability-watcher");
            thread.setDaemon(true);
            return thread;
        });
        long millis = Math.max(1, pollInterval.toMillis());
        watcher.scheduleWithFixedDelay(this::notifyReaders, millis, millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public BlockingStream<TrackedEventMessage<?>> openStream(TrackingToken trackingToken) {
        return new NotifyingStream(events.openStream(trackingToken));
    }

    @Override
    public TrackingToken createTailToken() {
        return events.createTailToken();
    }

    @Override
    public TrackingToken createHeadToken() {
        return events.createHeadToken();
    }

    @Override
    public TrackingToken createTokenAt(Instant dateTime) {
        return events.createTokenAt(dateTime);
    }

    @Override
    public TrackingToken createTokenSince(Duration duration) {
        return events.createTokenSince(duration);
    }

    /** How many streams the watcher is looking at: one per processor whose stream has no callback of its own. */
    int watchedStreams() {
        return watched.size();
    }

    @Override
    public void close() {
        watcher.shutdownNow();
    }

    private void notifyReaders() {
        for (NotifyingStream stream : watched) {
            try {
                stream.notifyIfAvailable();
            } catch (RuntimeException e) {
                // A stream closed under the watcher, or a read that failed: its reader finds out on its own next read.
                log.debug("Could not look at an event stream for available events", e);
            }
        }
    }

    private final class NotifyingStream implements BlockingStream<TrackedEventMessage<?>> {

        private final BlockingStream<TrackedEventMessage<?>> stream;
        private volatile Runnable onAvailable;

        private NotifyingStream(BlockingStream<TrackedEventMessage<?>> stream) {
            this.stream = stream;
        }

        @Override
        public boolean setOnAvailableCallback(Runnable callback) {
            if (stream.setOnAvailableCallback(callback)) {
                return true;
            }
            onAvailable = callback;
            watched.add(this);
            return true;
        }

        private void notifyIfAvailable() {
            Runnable callback = onAvailable;
            if (callback != null && hasNextAvailable()) {
                callback.run();
            }
        }

        @Override
        public synchronized Optional<TrackedEventMessage<?>> peek() {
            return stream.peek().filter(this::readable);
        }

        @Override
        public boolean hasNextAvailable(int timeout, TimeUnit unit) throws InterruptedException {
            long deadline = System.nanoTime() + unit.toNanos(timeout);
            while (true) {
                synchronized (this) {
                    if (stream.hasNextAvailable(0, TimeUnit.NANOSECONDS)
                            && stream.peek().filter(this::readable).isPresent()) {
                        return true;
                    }
                }
                if (System.nanoTime() >= deadline) {
                    return false;
                }
                TimeUnit.MILLISECONDS.sleep(1);
            }
        }

        @Override
        public TrackedEventMessage<?> nextAvailable() throws InterruptedException {
            while (true) {
                synchronized (this) {
                    if (hasNextAvailable()) {
                        return stream.nextAvailable();
                    }
                }
                TimeUnit.MILLISECONDS.sleep(1);
            }
        }

        @Override
        public synchronized void skipMessagesWithPayloadTypeOf(TrackedEventMessage<?> ignoredMessage) {
            stream.skipMessagesWithPayloadTypeOf(ignoredMessage);
        }

        private boolean readable(TrackedEventMessage<?> event) {
            TrackingToken token = event.trackingToken();
            return token == null || token.position().isEmpty() || readable.test(token.position().getAsLong());
        }

        @Override
        public void close() {
            watched.remove(this);
            onAvailable = null;
            synchronized (this) {
                stream.close();
            }
        }
    }
}
