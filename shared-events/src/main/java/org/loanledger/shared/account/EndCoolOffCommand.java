package org.loanledger.shared.account;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Sent by the ledger's clock: lift the freeze whose cool-off has ended, if it is still in force. */
public record EndCoolOffCommand(@TargetAggregateIdentifier String accountId, long restrictionSequence)
        implements AccountCommand {

    @Override
    public String requestId() {
        return null;
    }
}
