package org.loanledger.shared.account;

import java.time.Instant;
import java.util.List;
import org.axonframework.serialization.Revision;
import org.loanledger.shared.money.Money;
import org.loanledger.shared.personal.PersonalText;

/**
 * The credit limit changed; it may go below what is outstanding.
 *
 * @param imposesLimitCut    the change lowered the limit and left nothing available: it is a restriction of kind
 *                           {@link RestrictionKind#LIMIT_CUT}, identified by this event's sequence
 * @param liftedRestrictions the event sequences of earlier limit cuts this change ended
 * @param decision           the risk policy's recorded decision when a rule changed the limit, else null
 */
@Revision("2")
public record CreditLimitChanged(String accountId, Money previousLimit, Money newLimit, ReasonCode reasonCode,
                                 PersonalText note, boolean imposesLimitCut, List<Long> liftedRestrictions,
                                 RiskDecision decision, Instant occurredAt, String actor, String requestId)
        implements AccountEvent {

    public CreditLimitChanged {
        liftedRestrictions = List.copyOf(liftedRestrictions);
    }

    /** A change a person decided. */
    public CreditLimitChanged(String accountId, Money previousLimit, Money newLimit, ReasonCode reasonCode,
                              PersonalText note, boolean imposesLimitCut, List<Long> liftedRestrictions,
                              Instant occurredAt, String actor, String requestId) {
        this(accountId, previousLimit, newLimit, reasonCode, note, imposesLimitCut, liftedRestrictions, null,
                occurredAt, actor, requestId);
    }
}
