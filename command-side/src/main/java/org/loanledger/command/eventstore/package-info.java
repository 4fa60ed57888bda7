/** Where events are kept: an embedded, crash-safe H2 file by default, Axon Server in production. */
package org.loanledger.command.eventstore;
