package org.loanledger.query.projection;

import java.util.List;

/** The named processing groups of the query side, one per view, in the order the admin API lists them. */
public final class Projections {

    public static final String ACCOUNT_LIMITS = "account-limits";
    public static final String ACCOUNT_HISTORY = "account-history";
    public static final String RESTRICTED_ACCOUNTS = "restricted-accounts";
    public static final String PORTFOLIO = "portfolio";
    public static final String APPEALS = "appeals";

    public static final List<String> ALL = List.of(ACCOUNT_LIMITS, ACCOUNT_HISTORY, RESTRICTED_ACCOUNTS, PORTFOLIO,
            APPEALS);

    private Projections() {
    }
}
