package org.loanledger.query.explanation;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import org.loanledger.shared.account.AccountStatus;
import org.loanledger.shared.account.ReasonCode;
import org.loanledger.shared.account.RestrictionKind;

/**
 * The answer to "why can't this account borrow?" at one instant, as API.md shapes it. Every value comes from the
 * recorded events, so the same question gives the same bytes tomorrow.
 *
 * @param asOfSequence the last event taken into account, or -1 if the account did not exist yet
 * @param restriction  the restriction in force (the latest imposed), or null
 * @param alsoInForce  other restrictions in force at the same time, oldest first
 * @param narrative    the answer in plain words, in English and Chinese
 *
 * <p>A restriction's {@code note} is the person's own words: null, with {@code noteErased} true, once its customer's
 * personal data was erased. Everything else (reason code, rule, policy, evidence, figures) is not personal and
 * stays exactly as it was.
 */
public record Explanation(String accountId, Instant at, long asOfSequence, AccountStatus status, boolean canBorrow,
                          String available, RestrictionExplanation restriction, List<RestrictionRef> alsoInForce,
                          Narrative narrative) {

    public record RestrictionExplanation(RestrictionKind kind, ReasonCode reasonCode, Instant imposedAt,
                                         long eventSequence, String imposedBy, boolean solelyAutomated,
                                         String policyVersion, String ruleId, String modelVersion, String batchId,
                                         String note, @JsonInclude(JsonInclude.Include.NON_NULL) Boolean noteErased,
                                         List<PrincipalReason> principalReasons, List<Evidence> evidence,
                                         Figures stateBefore, Figures stateAfter, List<LiftOption> liftableBy,
                                         Narrative narrative) {
    }

    /** A factor behind a decision: what was observed, against which threshold or rule, from which data. */
    public record PrincipalReason(String code, String description, String observed, String threshold,
                                  String dataSource, String dataDate) {
    }

    public record Evidence(long sequence, String type, Instant at, String summary) {
    }

    public record Figures(AccountStatus status, String creditLimit, String outstanding, String available) {
    }

    /**
     * A way the restriction can end: {@code COOL_OFF} (lifts by itself {@code at}), {@code RESCORE} (a score of at
     * least {@code scoreNeeded}), {@code APPEAL}, {@code OPS_REVIEW}, {@code MAINTENANCE_END}.
     */
    public record LiftOption(String kind, Instant at, Integer scoreNeeded) {
    }

    public record RestrictionRef(RestrictionKind kind, ReasonCode reasonCode, long eventSequence) {
    }

    public record Narrative(String en, String zh) {
    }
}
