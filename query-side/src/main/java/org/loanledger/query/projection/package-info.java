/** How views are fed and kept: batched idempotent writes, token handling, rebuilds, lag and dead letters. */
package org.loanledger.query.projection;
