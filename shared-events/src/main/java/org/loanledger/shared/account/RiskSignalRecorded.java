package org.loanledger.shared.account;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/**
 * An external risk signal (login anomaly, device change, bureau delinquency...), recorded with where it came from
 * and when it was observed before the risk policy acts on it.
 */
@Revision("1")
public record RiskSignalRecorded(String accountId, String signalType, String severity, String source,
                                 Instant observedAt, Instant occurredAt, String actor, String requestId)
        implements AccountEvent {
}
