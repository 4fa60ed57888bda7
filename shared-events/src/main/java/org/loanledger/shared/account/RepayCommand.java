package org.loanledger.shared.account;

import java.math.BigDecimal;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Repay {@code amount} of outstanding principal.
 *
 * @param currency the currency the caller believes the account is in, or null to take the account's
 */
public record RepayCommand(@TargetAggregateIdentifier String accountId, BigDecimal amount, String currency,
                           String requestId) implements AccountCommand {
}
