package org.loanledger.shared.account;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/** The account was frozen: a restriction of kind {@link RestrictionKind#FREEZE}, identified by this event's sequence. */
@Revision("1")
public record AccountFrozen(String accountId, ReasonCode reasonCode, String note, Instant occurredAt, String actor,
                            String requestId) implements AccountEvent {
}
