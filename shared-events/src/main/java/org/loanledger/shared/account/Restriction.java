package org.loanledger.shared.account;

import java.time.Instant;
import org.loanledger.shared.money.Money;

/**
 * A restriction in force on an account.
 *
 * @param eventSequence the sequence of the event that imposed it; it also identifies the restriction
 * @param ruleId        the risk rule that imposed it, or null when a person did
 * @param liftsAt       when it lifts by itself (a rule's cool-off), or null
 * @param limitBefore   for a limit cut, the limit it cut from (what a rescore restores), else null
 * @param batchId       the maintenance batch that imposed it, else null
 */
public record Restriction(long eventSequence, RestrictionKind kind, ReasonCode reasonCode, Instant since,
                          String imposedBy, String ruleId, Instant liftsAt, Money limitBefore, String batchId) {

    /** A restriction a person imposed outside any maintenance batch. */
    public Restriction(long eventSequence, RestrictionKind kind, ReasonCode reasonCode, Instant since, String imposedBy) {
        this(eventSequence, kind, reasonCode, since, imposedBy, null, null, null, null);
    }
}
