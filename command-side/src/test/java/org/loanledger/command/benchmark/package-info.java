/** The benchmark suite behind {@code ./ledger bench}: load over HTTP on the built services, store and aggregate measures in-process. */
package org.loanledger.command.benchmark;
