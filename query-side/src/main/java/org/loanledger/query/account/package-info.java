/** The account-limits view: each account's current limits, restriction and open drawdowns, and its query API. */
package org.loanledger.query.account;
