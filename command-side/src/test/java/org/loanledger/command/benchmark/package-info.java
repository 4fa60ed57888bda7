/** The benchmark suite behind {@code ./ledger bench}: load over HTTP against the built services, and in-process measures of the event store. */
package org.loanledger.command.benchmark;
