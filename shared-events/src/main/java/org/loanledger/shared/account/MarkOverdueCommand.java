package org.loanledger.shared.account;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Sent by the ledger's clock: record the drawdown as overdue if it is past due with principal left. */
public record MarkOverdueCommand(@TargetAggregateIdentifier String accountId, String drawdownId)
        implements AccountCommand {

    @Override
    public String requestId() {
        return null;
    }
}
