package org.loanledger.shared.account;

import java.time.Instant;
import org.loanledger.shared.personal.PersonalText;
import org.axonframework.serialization.Revision;

/**
 * The account was frozen: a restriction of kind {@link RestrictionKind#FREEZE}, identified by this event's sequence.
 *
 * @param decision the risk policy's recorded decision when a rule froze the account, else null (a person did)
 * @param batchId  the maintenance batch this freeze belongs to, else null
 */
@Revision("2")
public record AccountFrozen(String accountId, ReasonCode reasonCode, PersonalText note, RiskDecision decision,
                            String batchId, Instant occurredAt, String actor, String requestId) implements AccountEvent {

    /** A freeze a person decided, outside any maintenance batch. */
    public AccountFrozen(String accountId, ReasonCode reasonCode, PersonalText note, Instant occurredAt, String actor,
                         String requestId) {
        this(accountId, reasonCode, note, null, null, occurredAt, actor, requestId);
    }
}
