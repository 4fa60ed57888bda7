package org.loanledger.shared.account;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Freeze the account for a restricting reason. */
public record FreezeAccountCommand(@TargetAggregateIdentifier String accountId, ReasonCode reasonCode, String note,
                                   String requestId) implements AccountCommand {
}
