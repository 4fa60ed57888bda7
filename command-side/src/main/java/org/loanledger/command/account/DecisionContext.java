package org.loanledger.command.account;

import java.time.Instant;

/**
 * What a decision may depend on besides the account and the command: the time (from the injected clock), who is
 * asking, and the configured limits. Nothing else, so the same inputs always give the same events.
 */
public record DecisionContext(Instant now, String actor, LedgerLimits limits) {
}
