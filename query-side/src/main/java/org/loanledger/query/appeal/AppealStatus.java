package org.loanledger.query.appeal;

import org.loanledger.shared.account.AppealDecision;

/** Where an appeal stands in the queue. */
public enum AppealStatus {
    /** Filed and waiting for ops to decide. */
    OPEN,
    /** Decided for the customer: the restriction was lifted. */
    UPHELD,
    /** Decided against the customer: the restriction stands. */
    REJECTED;

    static AppealStatus of(AppealDecision decision) {
        return decision == AppealDecision.UPHOLD ? UPHELD : REJECTED;
    }
}
