package org.loanledger.shared.account;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Freeze the account for a restricting reason.
 *
 * @param batchId the maintenance batch this freeze belongs to, or null
 */
public record FreezeAccountCommand(@TargetAggregateIdentifier String accountId, ReasonCode reasonCode, String note,
                                   String batchId, String requestId) implements AccountCommand {

    /** A freeze outside any maintenance batch. */
    public FreezeAccountCommand(String accountId, ReasonCode reasonCode, String note, String requestId) {
        this(accountId, reasonCode, note, null, requestId);
    }

    /** The note is personal data: never printed, so a logged command cannot leak it. */
    @Override
    public String toString() {
        return "FreezeAccountCommand[accountId=" + accountId + ", reasonCode=" + reasonCode
                + ", note=[personal text], batchId=" + batchId + ", requestId=" + requestId + "]";
    }
}
