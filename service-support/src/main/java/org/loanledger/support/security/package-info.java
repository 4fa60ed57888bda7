/** Bearer tokens mapped to the roles lender, ops and auditor; the caller's name becomes the recorded actor. */
package org.loanledger.support.security;
