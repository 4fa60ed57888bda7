/** What ops look at across accounts: the restricted-accounts list by status and reason code, and the portfolio. */
package org.loanledger.query.ops;
