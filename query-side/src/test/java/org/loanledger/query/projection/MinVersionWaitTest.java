package org.loanledger.query.projection;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.loanledger.query.web.QueryProblemException;
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
}
