package org.loanledger.query.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;

class ProjectionAdminTest {

    private static final long HEAD = 100;
    private static final String REBUILD_THREAD = "projection-rebuild";

    private final StreamingEventProcessor processor = mock(StreamingEventProcessor.class);
    private ProjectionAdmin admin;

    @BeforeEach
    void oneProjectionAtTheHead() {
        EventProcessingConfiguration processing = mock(EventProcessingConfiguration.class);
        EventStore eventStore = mock(EventStore.class);
        when(eventStore.createHeadToken()).thenReturn(new GlobalSequenceTrackingToken(HEAD));
        when(processing.eventProcessor(anyString(), eq(StreamingEventProcessor.class))).thenReturn(Optional.empty());
        when(processing.eventProcessor(eq(Projections.ACCOUNT_LIMITS), eq(StreamingEventProcessor.class)))
                .thenReturn(Optional.of(processor));
        when(processing.deadLetterQueue(any())).thenReturn(Optional.empty());
        when(processor.isRunning()).thenReturn(true);
        admin = new ProjectionAdmin(processing, eventStore, emptyProvider(), emptyProvider(), new ProjectionLag(),
                Duration.ofSeconds(5));
    }

    @AfterEach
    void close() {
        admin.close();
    }

    /**
     * A listing read while a rebuild stops its processor, resets it and starts it again must not show the rebuild
     * over: the segments it read can be the ones from before the reset, at the head and not replaying.
     */
    @Test
    void aListingReadAcrossARebuildsRestartShowsItReplayingNotFinished() throws Exception {
        CompletableFuture<Void> stopped = new CompletableFuture<>();
        AtomicReference<Future<?>> rebuild = new AtomicReference<>();
        AtomicBoolean restartedWhileRead = new AtomicBoolean();
        // The listing reads the segments as they were before the reset; the whole restart happens right after.
        // (Stubbed before the rebuild starts: Mockito takes a stub for the mock's last call, from any thread.)
        Map<Integer, EventTrackerStatus> before = Map.of(0, segment(HEAD, false));
        when(processor.processingStatus()).thenAnswer(invocation -> {
            if (!Thread.currentThread().getName().equals(REBUILD_THREAD)) {
                stopped.complete(null);
                rebuild.get().get(5, TimeUnit.SECONDS);
                restartedWhileRead.set(true);
            }
            return before;
        });
        when(processor.shutdownAsync()).thenReturn(stopped);
        rebuild.set(admin.rebuild(Projections.ACCOUNT_LIMITS).orElseThrow());

        ProjectionAdmin.ProjectionStatus status = admin.statuses().get(0);

        assertThat(restartedWhileRead).isTrue();
        assertThat(status.replaying()).as("replaying, in %s", status).isTrue();
        assertThat(status.progressPercent()).isLessThan(100.0);
    }

    /**
     * Until the restarted processor has claimed a segment the listing has none to show the rebuild by; it must still
     * show the rebuild replaying, and once a segment is claimed, where the replay stands.
     */
    @Test
    void aRebuildWhoseProcessorHasNotClaimedASegmentYetIsShownReplaying() throws Exception {
        AtomicReference<Map<Integer, EventTrackerStatus>> claimed = new AtomicReference<>(Map.of());
        when(processor.processingStatus()).thenAnswer(invocation -> claimed.get());
        when(processor.shutdownAsync()).thenReturn(CompletableFuture.completedFuture(null));
        Future<?> rebuild = admin.rebuild(Projections.ACCOUNT_LIMITS).orElseThrow();
        verify(processor, timeout(5_000)).start();

        ProjectionAdmin.ProjectionStatus unclaimed = admin.statuses().get(0);
        assertThat(unclaimed.replaying()).as("replaying, in %s", unclaimed).isTrue();
        assertThat(rebuild.isDone()).isFalse();

        claimed.set(Map.of(0, segment(40, true)));
        rebuild.get(5, TimeUnit.SECONDS);
        ProjectionAdmin.ProjectionStatus replaying = admin.statuses().get(0);
        assertThat(replaying.replaying()).isTrue();
        assertThat(replaying.progressPercent()).isEqualTo(40.0);
    }

    private static EventTrackerStatus segment(long position, boolean replaying) {
        EventTrackerStatus segment = mock(EventTrackerStatus.class);
        when(segment.getCurrentPosition()).thenReturn(OptionalLong.of(position));
        when(segment.getResetPosition()).thenReturn(replaying ? OptionalLong.of(HEAD) : OptionalLong.empty());
        when(segment.isReplaying()).thenReturn(replaying);
        when(segment.getTrackingToken()).thenReturn(new GlobalSequenceTrackingToken(position));
        return segment;
    }

    @SuppressWarnings("unchecked")
    private static <T> ObjectProvider<T> emptyProvider() {
        return mock(ObjectProvider.class);
    }
}
