package org.loanledger.shared.account;

import java.time.Instant;
import org.loanledger.shared.personal.PersonalText;
import org.axonframework.serialization.Revision;

/**
 * Ops decided an appeal. An upheld appeal is followed, in the same request, by the event that lifts the
 * restriction with {@link ReasonCode#APPEAL_UPHELD}; a rejected one keeps it.
 */
@Revision("2")
public record AppealDecided(String accountId, String appealId, AppealDecision decision, PersonalText note,
                            Instant occurredAt, String actor, String requestId) implements AccountEvent {
}
