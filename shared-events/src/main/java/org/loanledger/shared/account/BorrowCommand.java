package org.loanledger.shared.account;

import java.math.BigDecimal;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Borrow {@code amount} for {@code termDays}.
 *
 * @param currency the currency the caller believes the account is in, or null to take the account's
 * @param channel  where the customer asked to borrow, as the front-end reports it, or null
 */
public record BorrowCommand(@TargetAggregateIdentifier String accountId, BigDecimal amount, String currency,
                            int termDays, String channel, String requestId) implements AccountCommand {

    /** A borrowing whose channel is not reported. */
    public BorrowCommand(String accountId, BigDecimal amount, String currency, int termDays, String requestId) {
        this(accountId, amount, currency, termDays, null, requestId);
    }
}
