package org.loanledger.support.security;

/** Who may do what, as API.md defines it. */
public enum Role {
    /** A lending front-end: opens, borrows, repays and appeals for its customers. */
    LENDER,
    /** Operations and risk staff: everything on the command side, and read everything. */
    OPS,
    /** An auditor: reads the query side, replays and explains; changes nothing. */
    AUDITOR;

    public String authority() {
        return "ROLE_" + name();
    }
}
