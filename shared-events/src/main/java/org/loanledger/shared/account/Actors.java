package org.loanledger.shared.account;

import java.util.Set;

/** The actors the ledger itself records for decisions no person made. */
public final class Actors {

    /** The versioned risk policy, deciding within the command that triggered it. */
    public static final String RISK_POLICY = "risk-policy";

    /** The ledger's own clock-driven work: overdue detection and cool-off expiry. */
    public static final String LEDGER = "ledger";

    private static final Set<String> AUTOMATED = Set.of(RISK_POLICY, LEDGER);

    private Actors() {
    }

    /** Whether a decision recorded with this actor was made with no person involved. */
    public static boolean automated(String actor) {
        return AUTOMATED.contains(actor);
    }
}
