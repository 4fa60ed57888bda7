/** The LoanAccount aggregate, its pure decisions and its HTTP commands. */
package org.loanledger.command.account;
