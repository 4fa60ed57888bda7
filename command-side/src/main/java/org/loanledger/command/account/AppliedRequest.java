package org.loanledger.command.account;

/**
 * A client request the account has applied, remembered by its idempotency key.
 *
 * @param requestHash the SHA-256 of the request's canonical form without its key: a repeat must match it
 */
public record AppliedRequest(String requestHash, CommandOutcome outcome) {
}
