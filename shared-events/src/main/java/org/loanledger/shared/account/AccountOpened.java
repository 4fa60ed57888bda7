package org.loanledger.shared.account;

import java.time.Instant;
import org.axonframework.serialization.Revision;
import org.loanledger.shared.money.Money;

/** A credit line was opened for a customer, in one currency, with a credit limit. */
@Revision("1")
public record AccountOpened(String accountId, String customerId, String currency, Money creditLimit,
                            Instant occurredAt, String actor, String requestId) implements AccountEvent {
}
