package org.loanledger.command.erasure;

import java.util.List;

/** Which accounts a customer has: every account opened for them, open or closed. */
public interface CustomerAccounts {

    /** The ids of the customer's accounts in the order they were opened; empty for a customer the ledger never saw. */
    List<String> of(String customerId);
}
