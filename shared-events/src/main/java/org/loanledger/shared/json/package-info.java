/** The JSON form events, snapshots and tokens are stored in, the same on both sides of the ledger. */
package org.loanledger.shared.json;
