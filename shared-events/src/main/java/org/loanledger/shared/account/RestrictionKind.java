package org.loanledger.shared.account;

/** The two ways an account can be kept from borrowing. */
public enum RestrictionKind {
    /** The account is frozen: nothing can be borrowed whatever the limit. */
    FREEZE,
    /** The credit limit was cut so that nothing is left available. */
    LIMIT_CUT
}
