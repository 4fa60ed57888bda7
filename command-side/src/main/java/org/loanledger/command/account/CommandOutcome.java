package org.loanledger.command.account;

import org.loanledger.shared.account.AccountEvent;
import org.loanledger.shared.account.AppealFiled;
import org.loanledger.shared.account.AccountState;
import org.loanledger.shared.account.AccountStatus;
import org.loanledger.shared.account.FundsBorrowed;
import org.loanledger.shared.account.RepaymentReceived;
import org.loanledger.shared.money.Money;

/**
 * What a command achieved: the account right after it, and the borrowing, repayment or appeal it recorded, if any.
 * It is derived from the events alone, so a repeated request gets the very answer the first one got.
 */
public record CommandOutcome(String accountId, String customerId, String currency, AccountStatus status,
                             Money creditLimit, Money outstanding, Money available, long version,
                             FundsBorrowed borrowed, RepaymentReceived repaid, AppealFiled appealed) {

    /** An outcome that filed no appeal. */
    public CommandOutcome(String accountId, String customerId, String currency, AccountStatus status, Money creditLimit,
                          Money outstanding, Money available, long version, FundsBorrowed borrowed,
                          RepaymentReceived repaid) {
        this(accountId, customerId, currency, status, creditLimit, outstanding, available, version, borrowed, repaid, null);
    }

    /** The outcome of a request whose first event is {@code event}, with the account as it left it. */
    static CommandOutcome of(AccountState after, AccountEvent event) {
        return new CommandOutcome(after.accountId(), after.customerId(), after.currency(), after.status(),
                after.creditLimit(), after.outstanding(), after.available(), after.version(),
                event instanceof FundsBorrowed borrowed ? borrowed : null,
                event instanceof RepaymentReceived repaid ? repaid : null,
                event instanceof AppealFiled appealed ? appealed : null);
    }
}
