package org.loanledger.shared.account;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Records on one of the customer's accounts that the customer's personal data was erased. */
public record EraseCustomerDataCommand(@TargetAggregateIdentifier String accountId, String customerId,
                                       String requestId) implements AccountCommand {
}
