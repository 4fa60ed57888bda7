package org.loanledger.shared.account;

import java.time.Instant;

/**
 * A restriction in force on an account.
 *
 * @param eventSequence the sequence of the event that imposed it; it also identifies the restriction
 */
public record Restriction(long eventSequence, RestrictionKind kind, ReasonCode reasonCode, Instant since, String imposedBy) {
}
