package org.loanledger.query.projection;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.GenericTrackedEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.messaging.GenericMessage;
import org.axonframework.messaging.Message;
import org.junit.jupiter.api.Test;

class ProjectionLagTest {

    static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");
    final ProjectionLag lag = new ProjectionLag(Clock.fixed(NOW, ZoneOffset.UTC));

    static TrackedEventMessage<?> storedMillisAgo(long millis, long position) {
        return new GenericTrackedEventMessage<>(new GlobalSequenceTrackingToken(position),
                GenericEventMessage.asEventMessage("event " + position),
                () -> NOW.minusMillis(millis));
    }

    /** The count of the bucket whose upper bound is {@code upperMillis} (null: the last, above every bound). */
    long countUpTo(String projection, Long upperMillis) {
        ProjectionLag.Histogram histogram = lag.histogram(projection);
        int at = upperMillis == null ? histogram.upperBoundsMillis().size()
                : histogram.upperBoundsMillis().indexOf(upperMillis);
        return histogram.counts().get(at);
    }

    @Test
    void eachEventCountsInTheBucketOfItsAgeWhenItsViewsAreWritten() {
        lag.written("account-limits", List.of(storedMillisAgo(0, 1), storedMillisAgo(100, 2),
                storedMillisAgo(101, 3), storedMillisAgo(124, 4), storedMillisAgo(125, 5), storedMillisAgo(61_000, 6)));

        assertThat(countUpTo("account-limits", 5L)).isEqualTo(1);
        // Bounds are inclusive: 100 ms is within 100, 101 and 124 ms are in the bucket up to 125 with 125 itself.
        assertThat(countUpTo("account-limits", 100L)).isEqualTo(1);
        assertThat(countUpTo("account-limits", 125L)).isEqualTo(3);
        assertThat(countUpTo("account-limits", null)).isEqualTo(1);
        assertThat(lag.histogram("account-limits").counts().stream().mapToLong(Long::longValue).sum()).isEqualTo(6);
        assertThat(lag.histogram("account-limits").counts()).hasSize(ProjectionLag.UPPER_BOUNDS_MILLIS.length + 1);
    }

    @Test
    void projectionsCountApartAndAnEventStampedAfterNowCountsAsNoLag() {
        lag.written("portfolio", List.of(storedMillisAgo(-50, 1)));
        lag.written("portfolio", List.of(storedMillisAgo(40, 2)));

        assertThat(countUpTo("portfolio", 5L)).isEqualTo(1);
        assertThat(countUpTo("portfolio", 40L)).isEqualTo(1);
        assertThat(lag.histogram("account-history").counts()).containsOnly(0L);
    }

    @Test
    void aTimestampTooFarOffToMeasureInMillisecondsCountsWithoutFailingTheBatch() {
        TrackedEventMessage<?> ancient = new GenericTrackedEventMessage<>(new GlobalSequenceTrackingToken(1),
                GenericEventMessage.asEventMessage("ancient"), () -> Instant.MIN);
        TrackedEventMessage<?> farFuture = new GenericTrackedEventMessage<>(new GlobalSequenceTrackingToken(2),
                GenericEventMessage.asEventMessage("far future"), () -> Instant.MAX);

        lag.written("appeals", List.of(ancient, farFuture));

        assertThat(countUpTo("appeals", null)).isEqualTo(1);
        assertThat(countUpTo("appeals", 5L)).isEqualTo(1);
    }

    @Test
    void eventsSeenAgainByARebuildAndMessagesThatAreNotEventsDoNotCount() {
        TrackedEventMessage<?> live = storedMillisAgo(30, 7);
        TrackedEventMessage<?> replayed = live.withTrackingToken(ReplayToken.createReplayToken(
                new GlobalSequenceTrackingToken(10), new GlobalSequenceTrackingToken(7)));
        Message<?> notAnEvent = new GenericMessage<>("a command");

        lag.written("restricted-accounts", List.of(replayed, notAnEvent));
        assertThat(lag.histogram("restricted-accounts").counts()).containsOnly(0L);

        lag.written("restricted-accounts", List.of(live));
        assertThat(countUpTo("restricted-accounts", 30L)).isEqualTo(1);
    }
}
