package org.loanledger.shared.account;

import java.time.Instant;
import java.util.List;

/**
 * Why the risk policy restricted (or restored) an account: everything an auditor needs, recorded in the event.
 *
 * @param policyVersion     the version of the risk policy that decided
 * @param ruleId            the rule that tripped, e.g. {@code EARLY_PARTIAL_REPAYMENT}
 * @param modelVersion      the credit-score model version, for score-based rules, else null
 * @param principalReasons  the factors behind the decision, most important first (at most four)
 * @param evidenceSequences the sequences of the account's events that were the evidence
 * @param window            the rule's time window in words, e.g. "30 days", or null
 * @param coolOffUntil      when a freeze lifts by itself, or null when only a person (or a rescore) can lift it
 * @param scoreNeeded       the score a rescore must reach to lift the restriction, or null
 */
public record RiskDecision(String policyVersion, String ruleId, String modelVersion,
                           List<PrincipalReason> principalReasons, List<Long> evidenceSequences, String window,
                           Instant coolOffUntil, Integer scoreNeeded) {

    public RiskDecision {
        principalReasons = List.copyOf(principalReasons);
        evidenceSequences = List.copyOf(evidenceSequences);
    }
}
