package org.loanledger.shared.account;

import java.time.Instant;
import java.time.LocalDate;
import org.axonframework.serialization.Revision;
import org.loanledger.shared.money.Money;

/** A drawdown: principal borrowed for {@code termDays}, due on {@code dueDate} (UTC). */
@Revision("1")
public record FundsBorrowed(String accountId, String drawdownId, Money amount, int termDays, LocalDate dueDate,
                            Instant occurredAt, String actor, String requestId) implements AccountEvent {
}
