package org.loanledger.shared.account;

import java.math.BigDecimal;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Set a new credit limit; it may be below what is outstanding, and zero cuts the line entirely.
 *
 * @param currency the currency the caller believes the account is in, or null to take the account's
 */
public record ChangeCreditLimitCommand(@TargetAggregateIdentifier String accountId, BigDecimal creditLimit,
                                       String currency, ReasonCode reasonCode, String note, String requestId)
        implements AccountCommand {

    /** The note is personal data: never printed, so a logged command cannot leak it. */
    @Override
    public String toString() {
        return "ChangeCreditLimitCommand[accountId=" + accountId + ", creditLimit=" + creditLimit + ", currency="
                + currency + ", reasonCode=" + reasonCode + ", note=[personal text], requestId=" + requestId + "]";
    }
}
