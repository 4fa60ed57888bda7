package org.loanledger.query.projection;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Operates the projections: where each one stands against the head of the stream, rebuilding one from the start,
 * and its dead letters.
 */
@Component
public class ProjectionAdmin implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ProjectionAdmin.class);

    private final EventProcessingConfiguration processing;
    private final EventStore eventStore;
    private final ObjectProvider<EventStorageEngine> storageEngine;
    private final ObjectProvider<EventTimestamps> eventTimestamps;
    private final ProjectionLag lag;
    private final Clock clock;
    private final Duration stopTimeout;
    /** Rebuilds run one at a time, off the request thread: the API answers 202 and shows progress in the listing. */
    /** Rebuilds asked for and not yet running again from the start; they count as replaying from the moment they are asked for. */
    private final java.util.Set<String> rebuildsStarting = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final ExecutorService rebuilds = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "projection-rebuild");
        thread.setDaemon(true);
        return thread;
    });

    public ProjectionAdmin(EventProcessingConfiguration processing, EventStore eventStore,
                           ObjectProvider<EventStorageEngine> storageEngine,
                           ObjectProvider<EventTimestamps> eventTimestamps, ProjectionLag lag,
                           @Value("${ledger.projections.stop-timeout:30s}") Duration stopTimeout) {
        this.processing = processing;
        this.eventStore = eventStore;
        this.storageEngine = storageEngine;
        this.eventTimestamps = eventTimestamps;
        this.lag = lag;
        this.clock = Clock.systemUTC();
        this.stopTimeout = stopTimeout;
    }

    /**
     * @param position       the global index up to which every segment has projected, or null before the first event
     * @param lagEvents      events in the store the projection has not handled yet
     * @param lagSeconds     how long the oldest of those has been waiting (0 when caught up; null when unknown)
     * @param progressPercent how far a rebuild has got (100 when not replaying)
     * @param lagHistogram   how long each event took from being stored to being in the view, since the start
     */
    public record ProjectionStatus(String name, Long position, Long head, Long lagEvents, Double lagSeconds,
                                   boolean replaying, double progressPercent, boolean running, String error,
                                   int segments, long deadLetters, ProjectionLag.Histogram lagHistogram) {
    }

    public List<ProjectionStatus> statuses() {
        long head = eventStore.createHeadToken() == null ? -1 : eventStore.createHeadToken().position().orElse(-1);
        List<ProjectionStatus> statuses = new ArrayList<>();
        for (String name : Projections.ALL) {
            processor(name).ifPresent(processor -> statuses.add(status(name, processor, head)));
        }
        return statuses;
    }

    private ProjectionStatus status(String name, StreamingEventProcessor processor, long head) {
        // Whether a rebuild is starting is read before the segments: it ends after the processor restarts from the
        // reset, so segments read after it are the rebuild's. Read after them, a rebuild that stopped, reset and
        // restarted in between would show the segments from before the reset, at the head: the rebuild over.
        boolean starting = rebuildsStarting.contains(name);
        Collection<EventTrackerStatus> segments = processor.processingStatus().values();
        Long position = null;
        TrackingToken lowest = null;
        boolean replaying = false;
        String error = null;
        Long resetPosition = null;
        for (EventTrackerStatus segment : segments) {
            OptionalLong current = segment.getCurrentPosition();
            long at = current.orElse(-1);
            if (position == null || at < position) {
                position = at;
                lowest = segment.getTrackingToken();
            }
            OptionalLong reset = segment.getResetPosition();
            // Axon ends a replay only when an event past the reset position arrives; for the listing a rebuild is
            // over once every event that existed at the reset has been projected again.
            if (segment.isReplaying() && reset.isPresent() && at < reset.getAsLong()) {
                replaying = true;
                resetPosition = resetPosition == null ? reset.getAsLong() : Math.max(resetPosition, reset.getAsLong());
            }
            if (segment.isErrorState() && segment.getError() != null) {
                error = segment.getError().getClass().getSimpleName() + ": " + segment.getError().getMessage();
            }
        }
        Long lagEvents = position == null ? null : Math.max(0, head - position);
        if (starting) {
            return new ProjectionStatus(name, position, head, lagEvents, lagSeconds(lagEvents, lowest), true, 0.0,
                    processor.isRunning(), error, segments.size(),
                    deadLetters(name).map(SequencedDeadLetterQueue::size).orElse(0L), lag.histogram(name));
        }
        double progress = 100.0;
        if (replaying && resetPosition != null && resetPosition > 0) {
            progress = Math.min(100.0, Math.floor(1000.0 * Math.max(0, position) / resetPosition) / 10.0);
        } else if (position == null && head >= 0) {
            progress = 0.0;
        }
        return new ProjectionStatus(name, position, head, lagEvents,
                lagSeconds(lagEvents, lowest), replaying, progress, processor.isRunning(), error,
                segments.size(), deadLetters(name).map(SequencedDeadLetterQueue::size).orElse(0L),
                lag.histogram(name));
    }

    private Double lagSeconds(Long lagEvents, TrackingToken token) {
        if (lagEvents == null || lagEvents == 0) {
            return lagEvents == null ? null : 0.0;
        }
        EventTimestamps timestamps = eventTimestamps.getIfAvailable();
        if (timestamps != null) {
            long after = token == null ? -1 : WrappedToken.unwrapLowerBound(token).position().orElse(-1);
            return timestamps.firstAfter(after)
                    .map(t -> Math.max(0, Duration.between(t, Instant.now(clock)).toMillis()) / 1000.0)
                    .orElse(0.0);
        }
        EventStorageEngine engine = storageEngine.getIfAvailable();
        if (engine == null) {
            return null;
        }
        try (Stream<? extends TrackedEventMessage<?>> next =
                     engine.readEvents(token == null ? null : WrappedToken.unwrapLowerBound(token), false)) {
            return next.findFirst()
                    .map(m -> Math.max(0, Duration.between(m.getTimestamp(), Instant.now(clock)).toMillis()) / 1000.0)
                    .orElse(0.0);
        }
    }

    /**
     * Starts a rebuild: the processor stops, its tokens go back to the start (the reset handler clears the view), and
     * it starts again. The future is done once the processor has claimed a segment again (or the stop timeout ran
     * out); until then the listing shows the rebuild replaying at 0%.
     */
    public Optional<java.util.concurrent.Future<?>> rebuild(String name) {
        Optional<StreamingEventProcessor> found = processor(name);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        StreamingEventProcessor processor = found.get();
        rebuildsStarting.add(name);
        return Optional.of(rebuilds.submit(() -> {
            try {
                processor.shutdownAsync().get(stopTimeout.toMillis(), TimeUnit.MILLISECONDS);
                processor.resetTokens();
                log.info("Projection {} reset; rebuilding from the start of the stream", name);
            } catch (Exception e) {
                log.error("Rebuilding projection {} failed; starting it again where it was", name, e);
            } finally {
                processor.start();
                awaitClaim(processor);
                rebuildsStarting.remove(name);
            }
        }));
    }

    /**
     * Waits until the restarted processor has claimed a segment: before that the listing has no segment to show the
     * rebuild by, and would show it as not replaying. Bounded by the stop timeout, since other instances may hold
     * every claim.
     */
    private void awaitClaim(StreamingEventProcessor processor) {
        long deadline = System.nanoTime() + stopTimeout.toNanos();
        while (processor.processingStatus().isEmpty() && System.nanoTime() < deadline) {
            try {
                TimeUnit.MILLISECONDS.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    public boolean exists(String name) {
        return processor(name).isPresent();
    }

    /** A dead letter as ops see it: which event, of which account, why it failed, since when. */
    public record DeadLetterView(String sequenceIdentifier, String eventIdentifier, String eventType,
                                 Long aggregateSequence, Instant enqueuedAt, Instant lastTouched,
                                 String causeType, String causeMessage, Map<String, ?> diagnostics) {
    }

    public List<DeadLetterView> deadLetters(String name, int limit) {
        List<DeadLetterView> views = new ArrayList<>();
        deadLetters(name).ifPresent(queue -> {
            for (Iterable<DeadLetter<? extends EventMessage<?>>> sequence : queue.deadLetters()) {
                for (DeadLetter<? extends EventMessage<?>> letter : sequence) {
                    if (views.size() >= limit) {
                        return;
                    }
                    views.add(view(letter));
                }
            }
        });
        return views;
    }

    private static DeadLetterView view(DeadLetter<? extends EventMessage<?>> letter) {
        EventMessage<?> message = letter.message();
        Long aggregateSequence = message instanceof org.axonframework.eventhandling.DomainEventMessage<?> domain
                ? domain.getSequenceNumber() : null;
        String sequenceIdentifier = message instanceof org.axonframework.eventhandling.DomainEventMessage<?> domain
                ? domain.getAggregateIdentifier() : null;
        return new DeadLetterView(sequenceIdentifier, message.getIdentifier(), message.getPayloadType().getSimpleName(),
                aggregateSequence, letter.enqueuedAt(), letter.lastTouched(),
                letter.cause().map(c -> c.type()).orElse(null), letter.cause().map(c -> c.message()).orElse(null),
                new LinkedHashMap<>(letter.diagnostics()));
    }

    public long deadLetterCount(String name) {
        return deadLetters(name).map(SequencedDeadLetterQueue::size).orElse(0L);
    }

    /**
     * Retries dead letters sequence by sequence, oldest first, until one fails again or none is left.
     *
     * @return how many sequences were processed successfully
     */
    public int retryDeadLetters(String name) {
        var processor = processing.sequencedDeadLetterProcessor(name);
        if (processor.isEmpty()) {
            return 0;
        }
        int processed = 0;
        long limit = deadLetters(name).map(SequencedDeadLetterQueue::amountOfSequences).orElse(0L);
        while (processed < limit && processor.get().processAny()) {
            processed++;
        }
        return processed;
    }

    private Optional<SequencedDeadLetterQueue<EventMessage<?>>> deadLetters(String name) {
        return processing.deadLetterQueue(name);
    }

    private Optional<StreamingEventProcessor> processor(String name) {
        return processing.eventProcessor(name, StreamingEventProcessor.class);
    }

    @Override
    public void close() {
        rebuilds.shutdownNow();
    }
}
