package org.loanledger.command.security;

/**
 * Who a test presents itself as: nobody, someone with a token the ledger does not know, or one of the development
 * callers of the embedded default with the name the ledger records as the actor of what it does.
 */
public enum Caller {

    NOBODY(null, null),
    UNKNOWN_TOKEN("Bearer not-a-token-of-this-ledger", null),
    LENDER("Bearer lender-dev-token", "lender-dev"),
    OPS("Bearer ops-dev-token", "ops-dev"),
    AUDITOR("Bearer auditor-dev-token", "auditor-dev");

    private final String authorization;
    private final String actor;

    Caller(String authorization, String actor) {
        this.authorization = authorization;
        this.actor = actor;
    }

    /** The Authorization header value, or null when the caller sends none. */
    public String authorization() {
        return authorization;
    }

    /** The configured name of the caller, which becomes the actor of the events it causes. */
    public String actor() {
        return actor;
    }

    public boolean authenticated() {
        return actor != null;
    }
}
