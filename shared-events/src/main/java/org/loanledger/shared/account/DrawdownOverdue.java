package org.loanledger.shared.account;

import java.time.Instant;
import java.time.LocalDate;
import org.axonframework.serialization.Revision;
import org.loanledger.shared.money.Money;

/**
 * A drawdown passed its due date with principal left: an overdue episode. It stays in the history after the
 * drawdown is settled, which is what makes "non-linear credit repair" visible and explainable.
 */
@Revision("1")
public record DrawdownOverdue(String accountId, String drawdownId, LocalDate dueDate, Money outstanding,
                              Instant occurredAt, String actor, String requestId) implements AccountEvent {
}
