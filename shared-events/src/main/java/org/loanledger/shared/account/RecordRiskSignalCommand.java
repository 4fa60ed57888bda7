package org.loanledger.shared.account;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Record an external risk signal; the active risk policy then acts on it. */
public record RecordRiskSignalCommand(@TargetAggregateIdentifier String accountId, String signalType, String severity,
                                      String source, Instant observedAt, String requestId) implements AccountCommand {
}
