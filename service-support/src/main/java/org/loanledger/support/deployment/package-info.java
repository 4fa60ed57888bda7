/** Startup checks of the production profiles: a missing or unreachable server stops a service, never a fallback. */
package org.loanledger.support.deployment;
