package org.loanledger.query.projection;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import javax.annotation.Nonnull;
import javax.annotation.Nullable;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.axonframework.eventhandling.tokenstore.UnableToInitializeTokenException;
import org.axonframework.eventhandling.tokenstore.UnableToRetrieveIdentifierException;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;

/**
 * A token store that first writes the views of the batch whose token it stores.
 *
 * <p>Axon stores a batch's token in the prepare-commit phase, ahead of anything a handler registers there. Without
 * transactions (the embedded MongoDB has none) that order would let a crash keep a token past events whose views
 * were never written; flushing here makes the views land first, and a crash at worst redelivers events, which every
 * projection ignores by sequence.
 *
 * <p>Views flushed are views acknowledged, not yet views kept: a store that persists its writes in the background (the
 * embedded MongoDB keeps them in memory and writes its file about once a second, each collection on its own) could
 * come out of a crash with a token and without the views it covers. So before any token is written, the store is
 * asked to keep every write acknowledged so far ({@code viewsKept}); MongoDB itself keeps every acknowledged write in
 * order, and needs nothing.
 *
 * <p>It also sees every change of a processor's claims, so it tells {@link FoldedStates} to forget a view's states
 * whenever another process may have written that view since: a segment claimed or released, or a claim found lost.
 *
 * <p>With a write interval, the token of a batch that ends within that interval of the segment's last token write
 * is kept in memory instead: its views are written, but its token is written with a later batch's, or when the
 * segment's claim is next extended or released. A work package tailing the stream ends a batch every few
 * milliseconds, and one token write per batch per segment was the largest of the MongoDB writes that following the
 * stream costs ({@code query-side/BENCHMARKS.md}). What this costs is redelivery: a process that stops without releasing its
 * claims starts again from a token up to one interval older, and every projection ignores what it already holds.
 * Tokens written outside a batch (initialisation, a reset for a rebuild) are always written at once.
 */
public class ViewFlushingTokenStore implements TokenStore {

    private final TokenStore delegate;
    private final FoldedStates states;
    private final long writeIntervalNanos;
    private final LongSupplier nanoClock;
    private final Runnable viewsKept;
    private final ProjectionLag lag;
    /** Per claimed segment: when its token was last written, and the token written since, if any. */
    private final Map<Claim, Progress> progress = new ConcurrentHashMap<>();

    private record Claim(String processorName, int segment) {
    }

    /** {@code deferred} is meaningful only when {@code hasDeferred}: a batch may store a null token. */
    private record Progress(long writtenAt, boolean hasDeferred, TrackingToken deferred) {
    }

    /** Writes every batch's token as the batch ends, to a store that keeps every acknowledged write. */
    public ViewFlushingTokenStore(TokenStore delegate, FoldedStates states) {
        this(delegate, states, Duration.ZERO, System::nanoTime, () -> { });
    }

    /**
     * @param writeInterval how long a segment's token may go unwritten while its batches end (zero: never)
     * @param nanoClock     the time in nanoseconds, {@link System#nanoTime} but in tests
     * @param viewsKept     makes the store keep every write it has acknowledged, before a token is written
     */
    public ViewFlushingTokenStore(TokenStore delegate, FoldedStates states, Duration writeInterval,
                                  LongSupplier nanoClock, Runnable viewsKept) {
        this(delegate, states, writeInterval, nanoClock, viewsKept, new ProjectionLag());
    }

    /** @param lag counts each batch's events once its views are written */
    public ViewFlushingTokenStore(TokenStore delegate, FoldedStates states, Duration writeInterval,
                                  LongSupplier nanoClock, Runnable viewsKept, ProjectionLag lag) {
        if (writeInterval.isNegative()) {
            throw new IllegalArgumentException("the token write interval cannot be negative: " + writeInterval);
        }
        this.delegate = delegate;
        this.states = states;
        this.writeIntervalNanos = writeInterval.toNanos();
        this.nanoClock = nanoClock;
        this.viewsKept = viewsKept;
        this.lag = lag;
    }

    @Override
    public void storeToken(@Nullable TrackingToken token, @Nonnull String processorName, int segment)
            throws UnableToClaimTokenException {
        ProjectionBatches.flushCurrent();
        if (CurrentUnitOfWork.isStarted() && CurrentUnitOfWork.get() instanceof BatchingUnitOfWork<?> batch) {
            lag.written(processorName, batch.getMessages());
        }
        Claim claim = new Claim(processorName, segment);
        Progress last = progress.get(claim);
        long now = nanoClock.getAsLong();
        if (writeIntervalNanos > 0 && CurrentUnitOfWork.isStarted() && last != null
                && now - last.writtenAt() < writeIntervalNanos) {
            progress.put(claim, new Progress(last.writtenAt(), true, token));
            return;
        }
        write(claim, token, now);
    }

    private void write(Claim claim, TrackingToken token, long now) {
        // Whatever was deferred is older than this token, and a failed write leaves the segment to be claimed again.
        progress.remove(claim);
        viewsKept.run();
        forgettingStatesIfTheClaimIsLost(claim.processorName(),
                () -> delegate.storeToken(token, claim.processorName(), claim.segment()));
        progress.put(claim, new Progress(now, false, null));
    }

    /** Writes the segment's deferred token, if any; returns whether there was one. */
    private boolean writeDeferred(Claim claim) {
        Progress last = progress.get(claim);
        if (last == null || !last.hasDeferred()) {
            return false;
        }
        write(claim, last.deferred(), nanoClock.getAsLong());
        return true;
    }

    private void forgettingStatesIfTheClaimIsLost(String processorName, Runnable claimedOperation) {
        try {
            claimedOperation.run();
        } catch (UnableToClaimTokenException e) {
            states.forget(processorName);
            throw e;
        }
    }

    @Override
    public void initializeTokenSegments(@Nonnull String processorName, int segmentCount) {
        delegate.initializeTokenSegments(processorName, segmentCount);
    }

    @Override
    public void initializeTokenSegments(@Nonnull String processorName, int segmentCount,
                                        @Nullable TrackingToken initialToken) {
        delegate.initializeTokenSegments(processorName, segmentCount, initialToken);
    }

    @Override
    public void initializeSegment(@Nullable TrackingToken token, @Nonnull String processorName, int segment)
            throws UnableToInitializeTokenException {
        delegate.initializeSegment(token, processorName, segment);
    }

    @Override
    public TrackingToken fetchToken(@Nonnull String processorName, int segment) {
        // Fetching a token claims its segment: up to now another process may have been writing its accounts, and
        // what this process deferred for it before belongs to an earlier claim.
        states.forget(processorName);
        progress.remove(new Claim(processorName, segment));
        return delegate.fetchToken(processorName, segment);
    }

    @Override
    public TrackingToken fetchToken(@Nonnull String processorName, @Nonnull Segment segment) {
        states.forget(processorName);
        progress.remove(new Claim(processorName, segment.getSegmentId()));
        return delegate.fetchToken(processorName, segment);
    }

    @Override
    public void extendClaim(@Nonnull String processorName, int segment) {
        // Writing the deferred token extends the claim as well.
        if (!writeDeferred(new Claim(processorName, segment))) {
            forgettingStatesIfTheClaimIsLost(processorName, () -> delegate.extendClaim(processorName, segment));
        }
    }

    @Override
    public void releaseClaim(@Nonnull String processorName, int segment) {
        states.forget(processorName);
        try {
            writeDeferred(new Claim(processorName, segment));
        } catch (UnableToClaimTokenException lost) {
            // Another process holds the segment already: it starts from the token written last, and redelivers.
        }
        progress.remove(new Claim(processorName, segment));
        delegate.releaseClaim(processorName, segment);
    }

    @Override
    public void deleteToken(@Nonnull String processorName, int segment) {
        progress.remove(new Claim(processorName, segment));
        delegate.deleteToken(processorName, segment);
    }

    @Override
    public boolean requiresExplicitSegmentInitialization() {
        return delegate.requiresExplicitSegmentInitialization();
    }

    @Override
    public int[] fetchSegments(@Nonnull String processorName) {
        return delegate.fetchSegments(processorName);
    }

    @Override
    public List<Segment> fetchAvailableSegments(@Nonnull String processorName) {
        return delegate.fetchAvailableSegments(processorName);
    }

    @Override
    public Optional<String> retrieveStorageIdentifier() throws UnableToRetrieveIdentifierException {
        return delegate.retrieveStorageIdentifier();
    }
}
