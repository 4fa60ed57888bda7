package org.loanledger.shared.account;

import java.math.BigDecimal;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Borrow {@code amount} for {@code termDays}.
 *
 * @param currency the currency the caller believes the account is in, or null to take the account's
 */
public record BorrowCommand(@TargetAggregateIdentifier String accountId, BigDecimal amount, String currency,
                            int termDays, String requestId) implements AccountCommand {
}
