package org.loanledger.query.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.SimpleEventHandlerInvoker;
import org.axonframework.eventhandling.pooled.PooledStreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class CoordinatorExecutorsTest {

    private final CoordinatorExecutors executors = new CoordinatorExecutors(Duration.ofMillis(5));

    @AfterEach
    void shutDown() {
        executors.shutdown();
    }

    @Nested
    class Delays {

        @Test
        void aWaitAsShortAsAxonsFullQueueWaitIsShortened() {
            ScheduledExecutorService executor = executors.forProcessor("p");

            ScheduledFuture<?> full = executor.schedule(() -> { }, 100, TimeUnit.MILLISECONDS);

            assertThat(full.getDelay(TimeUnit.MILLISECONDS)).isLessThanOrEqualTo(5);
            assertThat(executors.shortenedWaits("p")).isEqualTo(1);
        }

        @Test
        void longerWaitsAndImmediateRunsAreKept() {
            ScheduledExecutorService executor = executors.forProcessor("p");

            ScheduledFuture<?> retry = executor.schedule(() -> { }, 500, TimeUnit.MILLISECONDS);
            ScheduledFuture<?> claims = executor.schedule(() -> { }, 5, TimeUnit.SECONDS);
            ScheduledFuture<?> now = executor.schedule(() -> { }, 0, TimeUnit.MILLISECONDS);

            assertThat(retry.getDelay(TimeUnit.MILLISECONDS)).isGreaterThan(400);
            assertThat(claims.getDelay(TimeUnit.MILLISECONDS)).isGreaterThan(4_000);
            assertThat(now.getDelay(TimeUnit.MILLISECONDS)).isLessThanOrEqualTo(0);
            assertThat(executors.shortenedWaits("p")).isZero();
        }

        @Test
        void eachProcessorHasItsOwnCoordinatorThread() {
            assertThat(executors.forProcessor("a")).isSameAs(executors.forProcessor("a"))
                    .isNotSameAs(executors.forProcessor("b"));
        }

        @Test
        void aWaitLongerThanAxonsOwnIsRefused() {
            assertThatThrownBy(() -> new CoordinatorExecutors(Duration.ofMillis(101)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("100 ms");
            assertThatThrownBy(() -> new CoordinatorExecutors(Duration.ofMillis(-1)))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    /**
     * Axon's coordinator as it is on the class path: these tests fail if it no longer waits 100 ms or less on a full
     * work package, or if it schedules such a wait for anything else, so the executors would shorten the wrong wait.
     */
    @Nested
    class AxonsCoordinator {

        private final EmbeddedEventStore store = EmbeddedEventStore.builder()
                .storageEngine(new InMemoryEventStorageEngine()).build();
        private final List<Long> handled = Collections.synchronizedList(new ArrayList<>());
        private final ScheduledExecutorService workers = Executors.newScheduledThreadPool(1);
        private PooledStreamingEventProcessor processor;
        private CountDownLatch handling = new CountDownLatch(0);

        @AfterEach
        void stop() {
            handling.countDown(); // a failed test must not leave its handler waiting
            if (processor != null) {
                processor.shutDown();
            }
            workers.shutdownNow();
            store.shutDown();
        }

        private void start(String name) {
            Object handler = new Object() {
                @EventHandler
                void on(Long event) throws InterruptedException {
                    handling.await();
                    handled.add(event);
                }
            };
            processor = PooledStreamingEventProcessor.builder()
                    .name(name)
                    .eventHandlerInvoker(SimpleEventHandlerInvoker.builder().eventHandlers(handler).build())
                    .messageSource(store)
                    .tokenStore(new InMemoryTokenStore())
                    .transactionManager(NoTransactionManager.INSTANCE)
                    .coordinatorExecutor(executors::forProcessor)
                    .workerExecutor(workers)
                    .initialSegmentCount(1)
                    .batchSize(10)
                    .build();
            processor.start();
        }

        private void publish(int count) {
            store.publish(LongStream.range(0, count).mapToObj(GenericEventMessage::asEventMessage).toList());
        }

        @Test
        void aFullWorkPackageMakesItWaitShortlyAndEveryEventIsStillHandledInOrder() {
            handling = new CountDownLatch(1);
            publish(2_000);
            start("full");

            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(executors.shortenedWaits("full")).isPositive());
            handling.countDown();

            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(handled).hasSize(2_000));
            assertThat(handled).containsExactlyElementsOf(IntStream.range(0, 2_000).mapToObj(i -> (long) i).toList());
        }

        @Test
        void aWorkPackageWithRoomLeavesItsWaitsAsTheyAre() {
            start("roomy");
            publish(50);

            // Caught up, the coordinator has found its stream empty and scheduled its own idle wait.
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(handled).hasSize(50));
            publish(50);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(handled).hasSize(100));

            assertThat(executors.coordinationRuns("roomy")).isPositive();
            assertThat(executors.shortenedWaits("roomy")).isZero();
        }
    }
}
