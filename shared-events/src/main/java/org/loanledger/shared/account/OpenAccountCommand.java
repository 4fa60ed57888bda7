package org.loanledger.shared.account;

import java.math.BigDecimal;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Open a credit line for a customer, in one currency, with a credit limit. */
public record OpenAccountCommand(@TargetAggregateIdentifier String accountId, String customerId, String currency,
                                 BigDecimal creditLimit, String requestId) implements AccountCommand {
}
