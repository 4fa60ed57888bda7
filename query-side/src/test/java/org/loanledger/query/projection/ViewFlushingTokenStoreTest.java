package org.loanledger.query.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.SimpleEventHandlerInvoker;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.pooled.PooledStreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ViewFlushingTokenStoreTest {

    static final String VIEW = "account-limits";
    static final Duration INTERVAL = Duration.ofSeconds(1);

    /** The underlying store, counting the token writes that reach it. */
    static final class CountingTokenStore extends InMemoryTokenStore {
        final List<TrackingToken> written = Collections.synchronizedList(new ArrayList<>());
        int extensions;
        int releases;
        boolean lost;

        @Override
        public void storeToken(TrackingToken token, String processorName, int segment) {
            if (lost) {
                throw new UnableToClaimTokenException("claimed by another process");
            }
            written.add(token);
            super.storeToken(token, processorName, segment);
        }

        @Override
        public void extendClaim(String processorName, int segment) {
            extensions++;
            super.extendClaim(processorName, segment);
        }

        @Override
        public void releaseClaim(String processorName, int segment) {
            releases++;
            super.releaseClaim(processorName, segment);
        }

        long stored(String processorName, int segment) {
            TrackingToken token = super.fetchToken(processorName, segment);
            return token == null ? -1 : token.position().orElse(-1);
        }
    }

    final CountingTokenStore delegate = new CountingTokenStore();
    final AtomicLong nanos = new AtomicLong();
    final ViewFlushingTokenStore tokens = new ViewFlushingTokenStore(delegate, new FoldedStates(0), INTERVAL,
            nanos::get, () -> { });

    static TrackingToken at(long position) {
        return new GlobalSequenceTrackingToken(position);
    }

    /** A view's writes of one batch, recording their flush. */
    static final class RecordedWrites implements PendingWrites {
        final List<String> flushed;
        final long position;
        boolean pending = true;

        RecordedWrites(List<String> flushed, long position) {
            this.flushed = flushed;
            this.position = position;
        }

        @Override
        public void flush() {
            if (pending) {
                flushed.add("views up to " + position);
                pending = false;
            }
        }
    }

    /**
     * A batch of the processor ending as Axon's work package ends it: the token is stored in the unit of work's
     * prepare-commit phase, registered before the batch is handled; the views it wrote are flushed first.
     */
    private List<String> batchEnds(ViewFlushingTokenStore store, long position) {
        return batchEnds(store, position, new ArrayList<>());
    }

    private List<String> batchEnds(ViewFlushingTokenStore store, long position, List<String> flushed) {
        UnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
        unitOfWork.onPrepareCommit(u -> store.storeToken(at(position), VIEW, 0));
        ProjectionBatches.apply(VIEW, () -> new RecordedWrites(flushed, position), writes -> { });
        unitOfWork.commit();
        return flushed;
    }

    private void claim() {
        tokens.initializeTokenSegments(VIEW, 1);
        tokens.fetchToken(VIEW, 0);
    }

    @Nested
    class WhileBatchesFollowTheStream {

        @Test
        void theFirstBatchOfAClaimWritesItsTokenAndLaterOnesWithinTheIntervalDoNot() {
            claim();

            batchEnds(tokens, 1);
            nanos.addAndGet(INTERVAL.toNanos() / 2);
            batchEnds(tokens, 2);
            batchEnds(tokens, 3);

            assertThat(delegate.written).containsExactly(at(1));
            assertThat(delegate.stored(VIEW, 0)).isEqualTo(1);
        }

        @Test
        void everyBatchWritesItsViewsEvenWhenItsTokenWaits() {
            claim();

            List<String> first = batchEnds(tokens, 1);
            List<String> second = batchEnds(tokens, 2);

            assertThat(first).containsExactly("views up to 1");
            assertThat(second).containsExactly("views up to 2");
            assertThat(delegate.written).containsExactly(at(1));
        }

        @Test
        void theFirstBatchPastTheIntervalWritesTheLatestToken() {
            claim();
            batchEnds(tokens, 1);
            batchEnds(tokens, 2);

            nanos.addAndGet(INTERVAL.toNanos());
            batchEnds(tokens, 3);
            batchEnds(tokens, 4);

            assertThat(delegate.written).containsExactly(at(1), at(3));
            assertThat(delegate.stored(VIEW, 0)).isEqualTo(3);
        }

        @Test
        void withNoIntervalEveryBatchWritesItsToken() {
            ViewFlushingTokenStore everyBatch = new ViewFlushingTokenStore(delegate, new FoldedStates(0));
            everyBatch.initializeTokenSegments(VIEW, 1);
            everyBatch.fetchToken(VIEW, 0);

            batchEnds(everyBatch, 1);
            batchEnds(everyBatch, 2);
            batchEnds(everyBatch, 3);

            assertThat(delegate.written).containsExactly(at(1), at(2), at(3));
        }

        @Test
        void eachSegmentKeepsItsOwnInterval() {
            tokens.initializeTokenSegments(VIEW, 2);
            tokens.fetchToken(VIEW, 0);
            tokens.fetchToken(VIEW, 1);

            batchEnds(tokens, 1);
            UnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
            tokens.storeToken(at(2), VIEW, 1);
            unitOfWork.commit();

            assertThat(delegate.written).containsExactly(at(1), at(2));
        }

        @Test
        void aNegativeIntervalIsRefused() {
            assertThatThrownBy(() -> new ViewFlushingTokenStore(delegate, new FoldedStates(0), Duration.ofMillis(-1),
                    nanos::get, () -> { })).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    class TheWaitingTokenIsWritten {

        @Test
        void whenTheIdleSegmentsClaimIsExtended() {
            claim();
            batchEnds(tokens, 1);
            batchEnds(tokens, 2);

            tokens.extendClaim(VIEW, 0);

            assertThat(delegate.written).containsExactly(at(1), at(2));
            assertThat(delegate.extensions).isZero(); // the write extended the claim
            tokens.extendClaim(VIEW, 0);
            assertThat(delegate.extensions).isEqualTo(1); // nothing waits any more: a plain extension
            assertThat(delegate.written).hasSize(2);
        }

        @Test
        void beforeTheClaimIsReleased() {
            claim();
            batchEnds(tokens, 1);
            batchEnds(tokens, 2);

            tokens.releaseClaim(VIEW, 0);

            assertThat(delegate.stored(VIEW, 0)).isEqualTo(2);
            assertThat(delegate.releases).isEqualTo(1);
        }

        @Test
        void andALostClaimStillReleasesAndWritesNothingLater() {
            claim();
            batchEnds(tokens, 1);
            batchEnds(tokens, 2);
            delegate.lost = true;

            tokens.releaseClaim(VIEW, 0);
            delegate.lost = false;
            tokens.extendClaim(VIEW, 0);

            assertThat(delegate.releases).isEqualTo(1);
            assertThat(delegate.written).containsExactly(at(1));
        }

        @Test
        void andALostClaimFoundWhenExtendingIsReported() {
            claim();
            batchEnds(tokens, 1);
            batchEnds(tokens, 2);
            delegate.lost = true;

            assertThatThrownBy(() -> tokens.extendClaim(VIEW, 0)).isInstanceOf(UnableToClaimTokenException.class);
        }
    }

    /** The store is made to keep the views it acknowledged, then the token is written: never the other way round. */
    @Nested
    class TheViewsAreKeptBeforeAToken {

        private final List<String> steps = Collections.synchronizedList(new ArrayList<>());
        private final InMemoryTokenStore recording = new InMemoryTokenStore() {
            @Override
            public void storeToken(TrackingToken token, String processorName, int segment) {
                steps.add("token " + (token == null ? null : token.position().orElse(-1)));
                super.storeToken(token, processorName, segment);
            }
        };
        private final ViewFlushingTokenStore store = new ViewFlushingTokenStore(recording, new FoldedStates(0),
                INTERVAL, nanos::get, () -> steps.add("views kept"));

        private void claimed() {
            store.initializeTokenSegments(VIEW, 1);
            store.fetchToken(VIEW, 0);
            steps.clear();
        }

        @Test
        void whenABatchWritesItsToken() {
            claimed();

            batchEnds(store, 5, steps);

            assertThat(steps).containsExactly("views up to 5", "views kept", "token 5");
        }

        @Test
        void andNotForABatchWhoseTokenWaits() {
            claimed();
            batchEnds(store, 5, steps);
            steps.clear();

            batchEnds(store, 6, steps);

            assertThat(steps).as("its views are flushed; nothing else happens until its token is written")
                    .containsExactly("views up to 6");
        }

        @Test
        void whenAWaitingTokenIsWrittenAsTheClaimIsExtendedOrReleased() {
            claimed();
            batchEnds(store, 5, steps);
            batchEnds(store, 6, steps);
            steps.clear();

            store.extendClaim(VIEW, 0);
            batchEnds(store, 7, steps);
            store.releaseClaim(VIEW, 0);

            assertThat(steps).containsExactly("views kept", "token 6", "views up to 7", "views kept", "token 7");
        }

        @Test
        void whenATokenIsWrittenOutsideABatch() {
            claimed();

            store.storeToken(null, VIEW, 0);

            assertThat(steps).as("a reset's token: the views it cleared are kept first")
                    .containsExactly("views kept", "token null");
        }
    }

    @Nested
    class AWaitingTokenIsDropped {

        @Test
        void whenATokenIsWrittenOutsideABatchAsAResetDoes() {
            claim();
            batchEnds(tokens, 5);
            batchEnds(tokens, 6);

            tokens.storeToken(null, VIEW, 0);
            tokens.extendClaim(VIEW, 0);

            assertThat(delegate.written).containsExactly(at(5), null);
            assertThat(delegate.stored(VIEW, 0)).isEqualTo(-1);
        }

        @Test
        void whenTheSegmentIsClaimedAgain() {
            claim();
            batchEnds(tokens, 1);
            batchEnds(tokens, 2);

            tokens.fetchToken(VIEW, 0);
            tokens.extendClaim(VIEW, 0);

            assertThat(delegate.written).containsExactly(at(1));
            // The new claim's first batch writes at once.
            batchEnds(tokens, 3);
            assertThat(delegate.written).containsExactly(at(1), at(3));
        }
    }

    /** Axon's pooled processor over the store, as the service runs its projections. */
    @Nested
    class UnderAxonsProcessor {

        private final EmbeddedEventStore store = EmbeddedEventStore.builder()
                .storageEngine(new InMemoryEventStorageEngine()).build();
        private final List<Long> handled = Collections.synchronizedList(new ArrayList<>());
        private final ScheduledExecutorService coordinator = Executors.newSingleThreadScheduledExecutor();
        private final ScheduledExecutorService workers = Executors.newScheduledThreadPool(1);
        private final ViewFlushingTokenStore realTime = new ViewFlushingTokenStore(delegate, new FoldedStates(0),
                Duration.ofHours(1), System::nanoTime, () -> { });
        private PooledStreamingEventProcessor processor;

        @AfterEach
        void stop() {
            if (processor != null) {
                processor.shutDown();
            }
            coordinator.shutdownNow();
            workers.shutdownNow();
            store.shutDown();
        }

        /** Axon's pooled processor over the store, one segment, batches of ten. */
        private void start(Object handler, ViewFlushingTokenStore tokenStore) {
            processor = PooledStreamingEventProcessor.builder()
                    .name(VIEW)
                    .eventHandlerInvoker(SimpleEventHandlerInvoker.builder().eventHandlers(handler).build())
                    .messageSource(store)
                    .tokenStore(tokenStore)
                    .transactionManager(NoTransactionManager.INSTANCE)
                    .coordinatorExecutor(coordinator)
                    .workerExecutor(workers)
                    .initialSegmentCount(1)
                    .batchSize(10)
                    .build();
            processor.start();
        }

        private void publish(long from, long to) {
            store.publish(LongStream.range(from, to).mapToObj(GenericEventMessage::asEventMessage).toList());
        }

        @Test
        void batchesWithinTheIntervalLeaveTheStoredTokenBehindAndStoppingWritesIt() {
            Object handler = new Object() {
                @EventHandler
                void on(Long event) {
                    handled.add(event);
                }
            };
            start(handler, realTime);

            publish(0, 100);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(handled).hasSize(100));

            // Ten batches of ten were handled within the interval: the claim's first wrote its token, and at most
            // one idle claim extension since (Axon's, 5 s after the last batch) wrote the waiting one.
            assertThat(delegate.written).hasSizeBetween(1, 2);
            assertThat(delegate.written.get(0).position().orElseThrow()).isLessThan(99);

            processor.shutDown();

            assertThat(delegate.stored(VIEW, 0)).isEqualTo(99);
        }

        @Test
        void everyEventOfABatchCountsInTheLagOnceItsViewsAreWritten() {
            ProjectionLag lag = new ProjectionLag();
            ViewFlushingTokenStore counting = new ViewFlushingTokenStore(delegate, new FoldedStates(0),
                    Duration.ofHours(1), System::nanoTime, () -> { }, lag);
            // What the lag holds as each batch's views are written: none of that batch yet.
            List<Long> countedAtFlush = Collections.synchronizedList(new ArrayList<>());
            Object handler = new Object() {
                @EventHandler
                void on(Long event) {
                    handled.add(event);
                    ProjectionBatches.apply(VIEW, () -> new PendingWrites() {
                        private boolean pending = true;

                        @Override
                        public void flush() {
                            if (pending) {
                                countedAtFlush.add(counted(lag));
                                pending = false;
                            }
                        }
                    }, writes -> { });
                }
            };
            start(handler, counting);

            publish(0, 100);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(counted(lag)).isEqualTo(100));

            assertThat(handled).hasSize(100);
            // Each batch was counted after its views were written, so no flush saw all 100 counted yet.
            assertThat(countedAtFlush).isNotEmpty().allSatisfy(before -> assertThat(before).isLessThan(100));
            assertThat(new ProjectionLag().histogram(VIEW).counts()).containsOnly(0L);
        }

        private long counted(ProjectionLag lag) {
            return lag.histogram(VIEW).counts().stream().mapToLong(Long::longValue).sum();
        }
    }
}
