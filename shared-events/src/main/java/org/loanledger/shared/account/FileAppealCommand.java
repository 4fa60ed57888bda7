package org.loanledger.shared.account;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * The customer disputes a restriction in force.
 *
 * @param restrictionSequence the restriction appealed against, or null for the one that answers "why can't I borrow"
 */
public record FileAppealCommand(@TargetAggregateIdentifier String accountId, String statement,
                                Long restrictionSequence, String requestId) implements AccountCommand {

    /** The statement is personal data: never printed, so a logged command cannot leak it. */
    @Override
    public String toString() {
        return "FileAppealCommand[accountId=" + accountId + ", statement=[personal text], restrictionSequence="
                + restrictionSequence + ", requestId=" + requestId + "]";
    }
}
