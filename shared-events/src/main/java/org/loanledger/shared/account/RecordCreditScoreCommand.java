package org.loanledger.shared.account;

import java.time.LocalDate;
import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Record a credit score from a scoring model; the active risk policy then acts on it. */
public record RecordCreditScoreCommand(@TargetAggregateIdentifier String accountId, String modelVersion, Integer score,
                                       List<String> factors, LocalDate dataDate, String requestId)
        implements AccountCommand {
}
