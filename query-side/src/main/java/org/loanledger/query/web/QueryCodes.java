package org.loanledger.query.web;

/** The stable problem codes only the query side answers with. */
public final class QueryCodes {

    public static final String ACCOUNT_NOT_FOUND = "ACCOUNT_NOT_FOUND";
    public static final String STALE_VIEW = "STALE_VIEW";
    public static final String PROJECTION_NOT_FOUND = "PROJECTION_NOT_FOUND";
    public static final String UNKNOWN_POLICY = "UNKNOWN_POLICY";

    private QueryCodes() {
    }
}
