/** The query side: remembers what the ledger recorded and explains it to front-ends, ops and auditors. */
package org.loanledger.query;
