package org.loanledger.shared.account;

import java.time.Instant;

/** An appeal waiting for a decision. */
public record Appeal(String appealId, long restrictionSequence, Instant filedAt, Instant dueBy) {
}
