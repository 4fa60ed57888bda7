/** What both services share at their HTTP edge: problem bodies, request limits and bearer-token roles. */
package org.loanledger.support;
