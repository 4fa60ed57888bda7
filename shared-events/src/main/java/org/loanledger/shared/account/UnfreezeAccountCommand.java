package org.loanledger.shared.account;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Lift freezes for a lifting reason: every freeze in force, or with a {@code batchId} only the maintenance freezes of
 * that batch.
 */
public record UnfreezeAccountCommand(@TargetAggregateIdentifier String accountId, ReasonCode reasonCode, String note,
                                     String batchId, String requestId) implements AccountCommand {

    /** Lift every freeze in force. */
    public UnfreezeAccountCommand(String accountId, ReasonCode reasonCode, String note, String requestId) {
        this(accountId, reasonCode, note, null, requestId);
    }

    /** The note is personal data: never printed, so a logged command cannot leak it. */
    @Override
    public String toString() {
        return "UnfreezeAccountCommand[accountId=" + accountId + ", reasonCode=" + reasonCode
                + ", note=[personal text], batchId=" + batchId + ", requestId=" + requestId + "]";
    }
}
