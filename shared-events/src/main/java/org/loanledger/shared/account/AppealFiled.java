package org.loanledger.shared.account;

import java.time.Instant;
import org.loanledger.shared.personal.PersonalText;
import org.axonframework.serialization.Revision;

/**
 * A customer disputed a restriction in force; ops must decide by {@code dueBy}.
 *
 * @param restrictionSequence the event sequence of the restriction appealed against
 * @param statement           the customer's own words
 */
@Revision("2")
public record AppealFiled(String accountId, String appealId, long restrictionSequence, PersonalText statement,
                          Instant dueBy, Instant occurredAt, String actor, String requestId) implements AccountEvent {
}
