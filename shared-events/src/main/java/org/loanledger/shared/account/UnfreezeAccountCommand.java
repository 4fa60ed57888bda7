package org.loanledger.shared.account;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Lift every freeze in force, for a lifting reason. */
public record UnfreezeAccountCommand(@TargetAggregateIdentifier String accountId, ReasonCode reasonCode, String note,
                                     String requestId) implements AccountCommand {
}
