package org.loanledger.shared.account;

/** Where an account stands: only an {@code ACTIVE} account can borrow. */
public enum AccountStatus {
    ACTIVE,
    FROZEN,
    CLOSED
}
