package org.loanledger.query.projection;

import java.time.Instant;
import java.util.Optional;

/**
 * When the first event after a position of the stream was stored: what the projection lag in seconds is measured
 * from. A store that can answer with one indexed lookup provides it; without it the lag is read by opening a stream.
 */
public interface EventTimestamps {

    /** The time of the first event whose global index is above {@code globalIndex}; empty when there is none. */
    Optional<Instant> firstAfter(long globalIndex);
}
