package org.loanledger.shared.account;

/**
 * A request to change one account. Commands carry what the caller asked for; the deciding side adds the time
 * (from its clock), the actor (from the caller's credentials) and any generated ids.
 */
public sealed interface AccountCommand permits OpenAccountCommand, BorrowCommand, RepayCommand, FreezeAccountCommand,
        UnfreezeAccountCommand, ChangeCreditLimitCommand, CloseAccountCommand, RecordCreditScoreCommand,
        RecordRiskSignalCommand, MarkOverdueCommand, EndCoolOffCommand, FileAppealCommand, DecideAppealCommand,
        EraseCustomerDataCommand {

    String accountId();

    /** The caller's idempotency key, or null when the caller sent none. */
    String requestId();
}
