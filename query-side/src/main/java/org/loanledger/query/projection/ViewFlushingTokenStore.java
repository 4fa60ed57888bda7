package org.loanledger.query.projection;

import java.util.List;
import java.util.Optional;
import javax.annotation.Nonnull;
import javax.annotation.Nullable;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.axonframework.eventhandling.tokenstore.UnableToInitializeTokenException;
import org.axonframework.eventhandling.tokenstore.UnableToRetrieveIdentifierException;

/**
 * A token store that first writes the views of the batch whose token it stores.
 *
 * <p>Axon stores a batch's token in the prepare-commit phase, ahead of anything a handler registers there. Without
 * transactions (the embedded MongoDB has none) that order would let a crash keep a token past events whose views
 * were never written; flushing here makes the views land first, and a crash at worst redelivers events, which every
 * projection ignores by sequence.
 *
 * <p>It also sees every change of a processor's claims, so it tells {@link FoldedStates} to forget a view's states
 * whenever another process may have written that view since: a segment claimed or released, or a claim found lost.
 */
public class ViewFlushingTokenStore implements TokenStore {

    private final TokenStore delegate;
    private final FoldedStates states;

    public ViewFlushingTokenStore(TokenStore delegate, FoldedStates states) {
        this.delegate = delegate;
        this.states = states;
    }

    @Override
    public void storeToken(@Nullable TrackingToken token, @Nonnull String processorName, int segment)
            throws UnableToClaimTokenException {
        ProjectionBatches.flushCurrent();
        forgettingStatesIfTheClaimIsLost(processorName, () -> delegate.storeToken(token, processorName, segment));
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
        // Fetching a token claims its segment: up to now another process may have been writing its accounts.
        states.forget(processorName);
        return delegate.fetchToken(processorName, segment);
    }

    @Override
    public TrackingToken fetchToken(@Nonnull String processorName, @Nonnull Segment segment) {
        states.forget(processorName);
        return delegate.fetchToken(processorName, segment);
    }

    @Override
    public void extendClaim(@Nonnull String processorName, int segment) {
        forgettingStatesIfTheClaimIsLost(processorName, () -> delegate.extendClaim(processorName, segment));
    }

    @Override
    public void releaseClaim(@Nonnull String processorName, int segment) {
        states.forget(processorName);
        delegate.releaseClaim(processorName, segment);
    }

    @Override
    public void deleteToken(@Nonnull String processorName, int segment) {
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
