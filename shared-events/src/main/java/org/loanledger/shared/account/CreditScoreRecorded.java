package org.loanledger.shared.account;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.axonframework.serialization.Revision;

/**
 * A credit score from a scoring model, recorded with its provenance before the risk policy acts on it.
 *
 * @param modelVersion the version of the model that scored; a recalibrated model is a new version
 * @param factors      the model's own reasons for the score, most important first
 * @param dataDate     the date of the data the model scored (UTC)
 */
@Revision("1")
public record CreditScoreRecorded(String accountId, String modelVersion, int score, List<String> factors,
                                  LocalDate dataDate, Instant occurredAt, String actor, String requestId)
        implements AccountEvent {

    public CreditScoreRecorded {
        factors = List.copyOf(factors);
    }
}
