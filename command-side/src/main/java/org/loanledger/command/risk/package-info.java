/** The versioned risk policy as configured, and the intake of scores and signals it acts on. */
package org.loanledger.command.risk;
