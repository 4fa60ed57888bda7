package org.loanledger.shared.account;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Ops decide an open appeal: uphold lifts the restriction, reject keeps it; both with a reason. */
public record DecideAppealCommand(@TargetAggregateIdentifier String accountId, String appealId,
                                  AppealDecision decision, String note, String requestId) implements AccountCommand {

    /** The note is personal data: never printed, so a logged command cannot leak it. */
    @Override
    public String toString() {
        return "DecideAppealCommand[accountId=" + accountId + ", appealId=" + appealId + ", decision=" + decision
                + ", note=[personal text], requestId=" + requestId + "]";
    }
}
