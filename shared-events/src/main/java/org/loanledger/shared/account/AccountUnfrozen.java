package org.loanledger.shared.account;

import java.time.Instant;
import java.util.List;
import org.axonframework.serialization.Revision;
import org.loanledger.shared.personal.PersonalText;

/**
 * Freezes were lifted.
 *
 * @param liftedRestrictions the event sequences of the freezes this lifted
 * @param batchId            the maintenance batch whose freezes this lifted, else null
 */
@Revision("2")
public record AccountUnfrozen(String accountId, ReasonCode reasonCode, PersonalText note, List<Long> liftedRestrictions,
                              String batchId, Instant occurredAt, String actor, String requestId)
        implements AccountEvent {

    public AccountUnfrozen {
        liftedRestrictions = List.copyOf(liftedRestrictions);
    }

    /** A lifting outside any maintenance batch. */
    public AccountUnfrozen(String accountId, ReasonCode reasonCode, PersonalText note, List<Long> liftedRestrictions,
                           Instant occurredAt, String actor, String requestId) {
        this(accountId, reasonCode, note, liftedRestrictions, null, occurredAt, actor, requestId);
    }
}
