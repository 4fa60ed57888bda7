/** Loan accounts: their commands, events, state and the one fold that turns events into state. */
package org.loanledger.shared.account;
