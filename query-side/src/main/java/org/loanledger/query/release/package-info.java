/** Release safety: replay every account through the current code and compare with what the previous release recorded. */
package org.loanledger.query.release;
