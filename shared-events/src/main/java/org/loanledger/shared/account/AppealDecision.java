package org.loanledger.shared.account;

/** What ops decided on an appeal. */
public enum AppealDecision {
    /** The restriction was wrong or is no longer justified: it is lifted. */
    UPHOLD,
    /** The restriction stands. */
    REJECT
}
