package org.loanledger.query.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.loanledger.query.support.AccountEvents.borrowed;
import static org.loanledger.query.support.AccountEvents.opened;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.loanledger.query.web.QueryProblemException;
import org.loanledger.shared.account.AccountEvent;
import org.loanledger.shared.account.AccountFold;
import org.loanledger.shared.account.AccountState;
import org.springframework.http.HttpStatus;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class MinVersionWaitTest {

    private static final String VIEW = Projections.ACCOUNT_LIMITS;

    private final ViewVersions versions = new ViewVersions();

    @Test
    void aViewAlreadyThereAnswersAtOnceAndLeavesNoReaderWaiting() {
        MinVersionWait wait = new MinVersionWait(versions, Duration.ofSeconds(5), Duration.ofMinutes(1));

        StepVerifier.create(wait.await(VIEW, "acc-1", 3L, () -> 4L)).expectComplete().verify(Duration.ofSeconds(2));

        assertThat(versions.waiting()).isZero();
    }

    @Test
    void aWaitingReaderGoesTheMomentThisInstanceWritesTheVersionNotAtTheNextPoll() {
        // A poll interval longer than the test: only the notification can end the wait.
        MinVersionWait wait = new MinVersionWait(versions, Duration.ofSeconds(10), Duration.ofMinutes(1));
        AtomicInteger reads = new AtomicInteger();

        StepVerifier.create(wait.await(VIEW, "acc-1", 5L, () -> {
                    reads.incrementAndGet();
                    return 2L;
                }))
                .then(() -> versions.written(VIEW, "acc-1", 4))
                .then(() -> versions.written(VIEW, "acc-2", 9))
                .then(() -> versions.written(Projections.ACCOUNT_HISTORY, "acc-1", 9))
                .expectNoEvent(Duration.ofMillis(200))
                .then(() -> versions.written(VIEW, "acc-1", 5))
                .expectComplete()
                .verify(Duration.ofSeconds(5));

        assertThat(reads.get()).isEqualTo(1);
        assertThat(versions.waiting()).isZero();
    }

    @Test
    void aViewWrittenElsewhereIsSeenByReadingItAgain() {
        MinVersionWait wait = new MinVersionWait(versions, Duration.ofSeconds(10), Duration.ofMillis(20));
        AtomicLong stored = new AtomicLong(1);

        StepVerifier.create(wait.await(VIEW, "acc-1", 2L, stored::get))
                .expectSubscription()
                .expectNoEvent(Duration.ofMillis(100))
                .then(() -> stored.set(2))
                .expectComplete()
                .verify(Duration.ofSeconds(5));

        assertThat(versions.waiting()).isZero();
    }

    @Test
    void aWaitReadsTheViewAgainLessAndLessOftenUpToTheLongestInterval() {
        MinVersionWait wait = new MinVersionWait(versions, Duration.ofSeconds(10), Duration.ofMillis(100),
                Duration.ofMillis(400));

        assertThat(wait.pollInterval(0)).isEqualTo(Duration.ofMillis(100));
        assertThat(wait.pollInterval(1)).isEqualTo(Duration.ofMillis(200));
        assertThat(wait.pollInterval(2)).isEqualTo(Duration.ofMillis(400));
        assertThat(wait.pollInterval(3)).isEqualTo(Duration.ofMillis(400));
        assertThat(wait.pollInterval(Long.MAX_VALUE)).isEqualTo(Duration.ofMillis(400));
    }

    @Test
    void aViewThatStaysBehindIsReadFarLessOftenThanAtTheFirstInterval() {
        // 20 ms, doubling up to 160 ms: reads at 0, 20, 60, 140, 300, 460, 620, 780 and 940 ms of a 1 s wait, where
        // a fixed 20 ms would read it 50 times.
        MinVersionWait wait = new MinVersionWait(versions, Duration.ofSeconds(1), Duration.ofMillis(20),
                Duration.ofMillis(160));
        AtomicInteger reads = new AtomicInteger();

        StepVerifier.create(wait.await(VIEW, "acc-1", 7L, () -> {
                    reads.incrementAndGet();
                    return 3L;
                }))
                .expectError(QueryProblemException.class)
                .verify(Duration.ofSeconds(5));

        assertThat(reads.get()).isBetween(6, 12);
        assertThat(versions.waiting()).isZero();
    }

    @Test
    void aLongestIntervalShorterThanTheFirstIsRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new MinVersionWait(versions, Duration.ofSeconds(2),
                        Duration.ofMillis(100), Duration.ofMillis(50)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("min-version-poll-max");
    }

    @Test
    void aViewThatDoesNotCatchUpWithinTheBoundIsStaleAndNamesWhatItHas() {
        MinVersionWait wait = new MinVersionWait(versions, Duration.ofMillis(300), Duration.ofMillis(50));

        StepVerifier.create(wait.await(VIEW, "acc-1", 7L, () -> 3L))
                .expectErrorSatisfies(error -> {
                    assertThat(error).isInstanceOf(QueryProblemException.class);
                    assertThat(error.getMessage()).contains("acc-1").contains("7");
                })
                .verify(Duration.ofSeconds(5));

        assertThat(versions.waiting()).isZero();
    }

    @Test
    void manyReadersOfOneAccountGoEachAtTheirOwnVersion() {
        MinVersionWait wait = new MinVersionWait(versions, Duration.ofSeconds(10), Duration.ofMinutes(1));

        var early = StepVerifier.create(wait.await(VIEW, "acc-1", 3L, () -> 0L)).expectComplete().verifyLater();
        var late = StepVerifier.create(wait.await(VIEW, "acc-1", 6L, () -> 0L)).expectComplete().verifyLater();
        versions.written(VIEW, "acc-1", 4);
        early.verify(Duration.ofSeconds(5));
        assertThat(versions.waiting()).isEqualTo(1);
        versions.written(VIEW, "acc-1", 6);
        late.verify(Duration.ofSeconds(5));
        assertThat(versions.waiting()).isZero();
    }

    /**
     * The account view's wait ({@link MinVersionWait#state}): one read of the view, and the state this instance tells
     * as it writes the version instead of a second read.
     */
    @Nested
    class ReadingTheState {

        /** A document of the view as read: its version, and a state that counts each time it is parsed. */
        record Stored(long version, AccountState state) {
        }

        final AtomicInteger reads = new AtomicInteger();
        final AtomicInteger parsed = new AtomicInteger();
        final AtomicReference<Optional<Stored>> inView = new AtomicReference<>(Optional.empty());

        Mono<Optional<AccountState>> state(MinVersionWait wait, Long minVersion) {
            return wait.state(VIEW, "acc-1", minVersion, () -> {
                reads.incrementAndGet();
                return inView.get();
            }, Stored::version, stored -> {
                parsed.incrementAndGet();
                return stored.state();
            });
        }

        /** The account after {@code events} events: its version is {@code events - 1}. */
        AccountState after(int events) {
            List<AccountEvent> history = new ArrayList<>(List.of(opened("acc-1", "5000.00")));
            for (int i = 1; i < events; i++) {
                history.add(borrowed("acc-1", "d-" + i, "10.00", i));
            }
            return AccountFold.replay("acc-1", history);
        }

        /** Waits until the view has been read {@code count} times (the reads run on another thread). */
        void readsReach(int count) {
            long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
            while (reads.get() < count && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(reads.get()).isEqualTo(count);
        }

        void store(AccountState state) {
            inView.set(Optional.of(new Stored(state.version(), state)));
        }

        @Test
        void aViewAlreadyThereIsAnsweredFromItsOneRead() {
            MinVersionWait wait = new MinVersionWait(versions, Duration.ofSeconds(5), Duration.ofMinutes(1));
            AccountState stored = after(5);
            store(stored);

            StepVerifier.create(state(wait, 3L)).expectNext(Optional.of(stored)).expectComplete()
                    .verify(Duration.ofSeconds(2));

            assertThat(reads.get()).isEqualTo(1);
            assertThat(parsed.get()).isEqualTo(1);
            assertThat(versions.waiting()).isZero();
        }

        @Test
        void aWaitingReaderTakesTheStateThisInstanceWritesWithoutReadingTheViewAgain() {
            // A poll interval longer than the test: only the write can end the wait.
            MinVersionWait wait = new MinVersionWait(versions, Duration.ofSeconds(10), Duration.ofMinutes(1));
            store(after(3));
            AccountState written = after(6);

            StepVerifier.create(state(wait, 5L))
                    .then(() -> versions.written(VIEW, after(5)))
                    .expectNoEvent(Duration.ofMillis(200))
                    .then(() -> versions.written(VIEW, written))
                    .expectNext(Optional.of(written))
                    .expectComplete()
                    .verify(Duration.ofSeconds(5));

            assertThat(reads.get()).as("reads of the view").isEqualTo(1);
            assertThat(parsed.get()).as("states parsed: the one read was behind").isZero();
            assertThat(versions.waiting()).isZero();
        }

        @Test
        void aWriteToldWithoutItsStateIsReadFromTheView() {
            MinVersionWait wait = new MinVersionWait(versions, Duration.ofSeconds(10), Duration.ofMinutes(1));
            store(after(3));
            AccountState written = after(6);

            StepVerifier.create(state(wait, 5L))
                    .then(() -> readsReach(1))
                    .then(() -> {
                        store(written);
                        versions.written(VIEW, "acc-1", 5);
                    })
                    .expectNext(Optional.of(written))
                    .expectComplete()
                    .verify(Duration.ofSeconds(5));

            assertThat(reads.get()).isEqualTo(2);
            assertThat(versions.waiting()).isZero();
        }

        @Test
        void theAnswerIsNotMadeOnTheThreadThatWroteTheView() {
            MinVersionWait wait = new MinVersionWait(versions, Duration.ofSeconds(10), Duration.ofMinutes(1));
            store(after(3));
            AtomicReference<String> answeredOn = new AtomicReference<>();
            AtomicReference<String> writtenOn = new AtomicReference<>();

            StepVerifier.create(state(wait, 5L).doOnNext(found -> answeredOn.set(Thread.currentThread().getName())))
                    .then(() -> {
                        Thread writer = new Thread(() -> {
                            writtenOn.set(Thread.currentThread().getName());
                            versions.written(VIEW, after(6));
                        }, "projection-writer");
                        writer.start();
                    })
                    .expectNextCount(1)
                    .expectComplete()
                    .verify(Duration.ofSeconds(5));

            assertThat(writtenOn.get()).isEqualTo("projection-writer");
            assertThat(answeredOn.get()).isNotNull().isNotEqualTo("projection-writer");
        }

        @Test
        void withoutMinVersionTheViewIsReadOnceAndAnAccountItDoesNotHaveIsEmpty() {
            MinVersionWait wait = new MinVersionWait(versions, Duration.ofSeconds(5), Duration.ofMinutes(1));

            StepVerifier.create(state(wait, null)).expectNext(Optional.empty()).expectComplete()
                    .verify(Duration.ofSeconds(2));

            assertThat(reads.get()).isEqualTo(1);
            assertThat(versions.waiting()).isZero();
        }

        @Test
        void anAccountTheViewDoesNotHaveIsAViewBehindTheVersionAskedFor() {
            MinVersionWait wait = new MinVersionWait(versions, Duration.ofMillis(300), Duration.ofMillis(50));

            StepVerifier.create(state(wait, 0L))
                    .expectErrorSatisfies(error -> {
                        assertThat(error).isInstanceOf(QueryProblemException.class);
                        QueryProblemException problem = (QueryProblemException) error;
                        assertThat(problem.status()).isEqualTo(HttpStatus.CONFLICT);
                        assertThat(problem.properties()).containsEntry("viewVersion", -1L)
                                .containsEntry("minVersion", 0L);
                    })
                    .verify(Duration.ofSeconds(5));

            assertThat(parsed.get()).isZero();
            assertThat(versions.waiting()).isZero();
        }

        @Test
        void aNegativeMinVersionIsRefusedWithoutReadingTheView() {
            MinVersionWait wait = new MinVersionWait(versions, Duration.ofSeconds(5), Duration.ofMinutes(1));

            StepVerifier.create(state(wait, -1L))
                    .expectErrorSatisfies(error -> assertThat(error).isInstanceOf(QueryProblemException.class)
                            .hasMessageContaining("minVersion"))
                    .verify(Duration.ofSeconds(2));

            assertThat(reads.get()).isZero();
        }
    }
}
