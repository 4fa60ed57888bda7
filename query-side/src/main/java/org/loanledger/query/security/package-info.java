/** Which role may read which view. */
package org.loanledger.query.security;
