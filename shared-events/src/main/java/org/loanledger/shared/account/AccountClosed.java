package org.loanledger.shared.account;

import java.time.Instant;
import org.loanledger.shared.personal.PersonalText;
import org.axonframework.serialization.Revision;

/** The credit line was closed with nothing outstanding; it can never borrow again. */
@Revision("2")
public record AccountClosed(String accountId, ReasonCode reasonCode, PersonalText note, Instant occurredAt, String actor,
                            String requestId) implements AccountEvent {
}
