package org.loanledger.shared.account;

/** The stable codes of refused commands; clients branch on these, so they never change meaning. */
public enum RefusalCode {
    VALIDATION_FAILED,
    ACCOUNT_NOT_FOUND,
    ACCOUNT_EXISTS,
    ACCOUNT_FROZEN,
    ACCOUNT_CLOSED,
    INSUFFICIENT_AVAILABLE_LIMIT,
    REPAYMENT_EXCEEDS_OUTSTANDING,
    CURRENCY_MISMATCH,
    NOT_RESTRICTED,
    OUTSTANDING_NOT_ZERO,
    APPEAL_NOT_FOUND,
    APPEAL_ALREADY_OPEN,
    IDEMPOTENCY_KEY_REUSED,
    CUSTOMER_NOT_FOUND
}
