package org.loanledger.shared.account;

/**
 * Why an account was restricted or why a restriction was lifted: the cause family every restriction records.
 *
 * <p>A code either restricts, lifts, or (for {@link #MANUAL_REVIEW}, an ops decision) can do both. Freezing with a
 * lifting code, or lifting with a restricting one, is refused: the record must say what really happened.
 */
public enum ReasonCode {
    /** A credit-score model, possibly a new version, scored the customer below its cutoff. */
    MODEL_RESCORE(true, false, true),
    /** A rule of the versioned risk policy tripped on the account's own behaviour. */
    RISK_RULE(true, false, true),
    /** Overdue episodes within a look-back window, counted even after they were settled. */
    OVERDUE_HISTORY(true, false, true),
    /** The ledger or a system around it was being maintained or migrated; not the customer's doing. */
    SYSTEM_MAINTENANCE(true, false, false),
    /** A person in ops decided, after looking at the account. */
    MANUAL_REVIEW(true, true, true),
    /** The customer asked for it. */
    CUSTOMER_REQUEST(true, false, true),
    /** An appeal against the restriction was upheld. */
    APPEAL_UPHELD(false, true, false),
    /** The cool-off period of an automatic freeze ended. */
    COOL_OFF_ELAPSED(false, true, false),
    /** A new credit score met the cutoff again. */
    RESCORED(false, true, false),
    /** The maintenance or migration that caused the restriction ended. */
    MAINTENANCE_ENDED(false, true, false);

    private final boolean restricts;
    private final boolean lifts;
    private final boolean attributableToCustomer;

    ReasonCode(boolean restricts, boolean lifts, boolean attributableToCustomer) {
        this.restricts = restricts;
        this.lifts = lifts;
        this.attributableToCustomer = attributableToCustomer;
    }

    /** Whether this code may be the cause of a freeze or a limit cut. */
    public boolean restricts() {
        return restricts;
    }

    /** Whether this code may be the cause of lifting a restriction. */
    public boolean lifts() {
        return lifts;
    }

    /** False when the cause lies with the system, not with anything the customer did or asked for. */
    public boolean attributableToCustomer() {
        return attributableToCustomer;
    }
}
