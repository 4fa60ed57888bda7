/** Which role may send which command. */
package org.loanledger.command.security;
