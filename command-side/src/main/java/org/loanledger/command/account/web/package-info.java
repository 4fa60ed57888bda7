/** The command API of loan accounts: requests, responses and the controller that turns one into the other. */
package org.loanledger.command.account.web;
