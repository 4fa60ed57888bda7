/** The event store both services open in the embedded default, and the one JSON form of what it holds. */
package org.loanledger.support.eventstore;
