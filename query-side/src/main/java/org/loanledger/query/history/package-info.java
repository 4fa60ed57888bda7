/** The account-history view: one entry per event with a one-line summary, paged by sequence. */
package org.loanledger.query.history;
