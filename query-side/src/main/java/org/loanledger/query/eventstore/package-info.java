/** Where the query side reads the ledger's events from: the command side's H2 file by default, Axon Server in production. */
package org.loanledger.query.eventstore;
