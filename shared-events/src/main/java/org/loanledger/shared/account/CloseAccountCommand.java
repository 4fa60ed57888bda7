package org.loanledger.shared.account;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Close the credit line for good; only possible with nothing outstanding. */
public record CloseAccountCommand(@TargetAggregateIdentifier String accountId, ReasonCode reasonCode, String note,
                                  String requestId) implements AccountCommand {

    /** The note is personal data: never printed, so a logged command cannot leak it. */
    @Override
    public String toString() {
        return "CloseAccountCommand[accountId=" + accountId + ", reasonCode=" + reasonCode
                + ", note=[personal text], requestId=" + requestId + "]";
    }
}
