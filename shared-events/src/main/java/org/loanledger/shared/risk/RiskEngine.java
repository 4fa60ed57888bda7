package org.loanledger.shared.risk;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.loanledger.shared.account.AccountEvent;
import org.loanledger.shared.account.AccountState;
import org.loanledger.shared.account.AccountStatus;
import org.loanledger.shared.account.CreditScoreRecorded;
import org.loanledger.shared.account.DrawdownOverdue;
import org.loanledger.shared.account.FundsBorrowed;
import org.loanledger.shared.account.PrincipalReason;
import org.loanledger.shared.account.ReasonCode;
import org.loanledger.shared.account.RepaymentReceived;
import org.loanledger.shared.account.Restriction;
import org.loanledger.shared.account.RestrictionKind;
import org.loanledger.shared.account.RiskDecision;
import org.loanledger.shared.account.RiskSignalRecorded;
import org.loanledger.shared.money.Money;
import org.loanledger.shared.risk.RiskFacts.Occurrence;

/**
 * What a risk policy decides after one event of an account: nothing, a freeze, a limit cut, or restoring a limit a
 * score cut. Pure: the time is the triggering event's, the facts are the account's own, and the decision records the
 * policy version, rule, observed values, threshold, window and evidence sequences that led to it.
 */
public final class RiskEngine {

    /** What the policy decided. */
    public sealed interface Verdict permits Freeze, CutLimit, Restore {
        RiskDecision decision();
    }

    /** Freeze the account for {@link ReasonCode#RISK_RULE}. */
    public record Freeze(RiskDecision decision) implements Verdict {
    }

    /** Cut the limit to zero for {@code reasonCode}. */
    public record CutLimit(ReasonCode reasonCode, RiskDecision decision) implements Verdict {
    }

    /** Restore {@code limit}, lifting the cuts a rescore ends ({@link ReasonCode#RESCORED}). */
    public record Restore(Money limit, List<Long> lifted, RiskDecision decision) implements Verdict {
    }

    private static final String LEDGER_DATA = "ledger";

    private RiskEngine() {
    }

    /**
     * @param facts   the account's facts with {@code trigger} already recorded
     * @param state   the account with {@code trigger} already applied
     * @param trigger the event just recorded, at sequence {@code sequence}
     */
    public static Optional<Verdict> evaluate(RiskPolicy policy, RiskFacts facts, AccountState state, long sequence,
                                             AccountEvent trigger) {
        if (state.status() == AccountStatus.CLOSED) {
            return Optional.empty();
        }
        Instant now = trigger.occurredAt();
        if (trigger instanceof FundsBorrowed && policy.borrowVelocity() != null) {
            return countRule(policy, RiskPolicy.BORROW_VELOCITY, policy.borrowVelocity(), state, now,
                    unspent(facts, RiskPolicy.BORROW_VELOCITY, policy.borrowVelocity(),
                            facts.borrowingsWithin(policy.borrowVelocity().window(), now)),
                    "borrowings within the window");
        }
        if (trigger instanceof RepaymentReceived repaid && repaid.partialEarly() && policy.earlyPartialRepayment() != null) {
            return countRule(policy, RiskPolicy.EARLY_PARTIAL_REPAYMENT, policy.earlyPartialRepayment(), state, now,
                    unspent(facts, RiskPolicy.EARLY_PARTIAL_REPAYMENT, policy.earlyPartialRepayment(),
                            facts.partialEarlyRepaymentsWithin(policy.earlyPartialRepayment().window(), now)),
                    "repayments before the due date that did not settle the drawdown");
        }
        if (trigger instanceof DrawdownOverdue && policy.overdueHistory() != null) {
            return overdueHistory(policy, facts, state, now);
        }
        if (trigger instanceof CreditScoreRecorded score && policy.modelScore() != null) {
            return modelScore(policy, state, sequence, score);
        }
        if (trigger instanceof RiskSignalRecorded signal && policy.externalSignal() != null
                && policy.externalSignal().matches(signal.signalType(), signal.severity())
                && !inForce(state, RiskPolicy.EXTERNAL_SIGNAL)) {
            PrincipalReason reason = new PrincipalReason(RiskPolicy.EXTERNAL_SIGNAL,
                    "an external risk signal of high severity: " + signal.signalType(),
                    signal.signalType() + " " + signal.severity(), policy.externalSignal().severity(), signal.source(),
                    date(signal.observedAt()));
            return Optional.of(new Freeze(new RiskDecision(policy.version(), RiskPolicy.EXTERNAL_SIGNAL, null,
                    List.of(reason), List.of(sequence), null, null, null)));
        }
        return Optional.empty();
    }

    /** The occurrences the rule counts: all of them, or only those no lifted restriction of the rule was decided on. */
    private static List<Occurrence> unspent(RiskFacts facts, String ruleId, RiskPolicy.CountRule rule,
                                            List<Occurrence> found) {
        if (!rule.liftSpendsEvidence()) {
            return found;
        }
        java.util.Set<Long> spent = facts.spentEvidence(ruleId);
        return spent.isEmpty() ? found : found.stream().filter(o -> !spent.contains(o.sequence())).toList();
    }

    private static Optional<Verdict> countRule(RiskPolicy policy, String ruleId, RiskPolicy.CountRule rule,
                                               AccountState state, Instant now, List<Occurrence> found,
                                               String description) {
        if (found.size() < rule.count() || inForce(state, ruleId)) {
            return Optional.empty();
        }
        String window = words(rule.window());
        PrincipalReason reason = new PrincipalReason(ruleId, description,
                found.size() + " in " + window, rule.count() + " in " + window, LEDGER_DATA, date(now));
        Instant coolOffUntil = rule.coolOff() == null ? null : now.plus(rule.coolOff());
        return Optional.of(new Freeze(new RiskDecision(policy.version(), ruleId, null, List.of(reason),
                found.stream().map(Occurrence::sequence).toList(), window, coolOffUntil, null)));
    }

    private static Optional<Verdict> overdueHistory(RiskPolicy policy, RiskFacts facts, AccountState state, Instant now) {
        RiskPolicy.CountRule rule = policy.overdueHistory();
        List<Occurrence> episodes = facts.overdueEpisodesWithin(rule.window(), now);
        if (episodes.size() < rule.count() || inForce(state, RiskPolicy.OVERDUE_HISTORY)) {
            return Optional.empty();
        }
        String window = words(rule.window());
        PrincipalReason reason = new PrincipalReason(RiskPolicy.OVERDUE_HISTORY,
                "overdue episodes within the look-back, counted even after they were settled",
                episodes.size() + " in " + window, rule.count() + " in " + window, LEDGER_DATA, date(now));
        Integer scoreNeeded = policy.modelScore() == null ? null : policy.modelScore().cutoff();
        return Optional.of(new CutLimit(ReasonCode.OVERDUE_HISTORY, new RiskDecision(policy.version(),
                RiskPolicy.OVERDUE_HISTORY, null, List.of(reason), episodes.stream().map(Occurrence::sequence).toList(),
                window, null, scoreNeeded)));
    }

    private static Optional<Verdict> modelScore(RiskPolicy policy, AccountState state, long sequence,
                                                CreditScoreRecorded score) {
        int cutoff = policy.modelScore().cutoff();
        List<PrincipalReason> reasons = new ArrayList<>();
        reasons.add(new PrincipalReason("CREDIT_SCORE", "the credit score of model " + score.modelVersion(),
                Integer.toString(score.score()), (score.score() < cutoff ? "below " : "at or above ") + cutoff,
                "model " + score.modelVersion(), score.dataDate()));
        for (String factor : score.factors()) {
            if (reasons.size() == 4) {
                break;
            }
            reasons.add(new PrincipalReason(factor, "a factor the model reported", null, null,
                    "model " + score.modelVersion(), score.dataDate()));
        }
        if (score.score() < cutoff) {
            if (inForce(state, RiskPolicy.MODEL_SCORE)) {
                return Optional.empty();
            }
            return Optional.of(new CutLimit(ReasonCode.MODEL_RESCORE, new RiskDecision(policy.version(),
                    RiskPolicy.MODEL_SCORE, score.modelVersion(), reasons, List.of(sequence), null, null, cutoff)));
        }
        List<Restriction> liftable = state.restrictionsOfKind(RestrictionKind.LIMIT_CUT).stream()
                .filter(r -> RiskPolicy.MODEL_SCORE.equals(r.ruleId()) || RiskPolicy.OVERDUE_HISTORY.equals(r.ruleId()))
                .sorted(Comparator.comparingLong(Restriction::eventSequence))
                .toList();
        if (liftable.isEmpty()) {
            return Optional.empty();
        }
        Money restored = liftable.get(0).limitBefore();
        return Optional.of(new Restore(restored, liftable.stream().map(Restriction::eventSequence).toList(),
                new RiskDecision(policy.version(), RiskPolicy.MODEL_SCORE, score.modelVersion(), reasons,
                        List.of(sequence), null, null, cutoff)));
    }

    private static boolean inForce(AccountState state, String ruleId) {
        return state.restrictions().stream().anyMatch(r -> ruleId.equals(r.ruleId()));
    }

    private static LocalDate date(Instant instant) {
        return LocalDate.ofInstant(instant, ZoneOffset.UTC);
    }

    /** A window in words: "24 hours", "30 days". */
    static String words(Duration duration) {
        if (duration.toHours() % 24 == 0 && duration.toDays() > 0 && duration.toHours() > 24) {
            return duration.toDays() + " days";
        }
        if (duration.toMinutes() % 60 == 0) {
            return duration.toHours() + (duration.toHours() == 1 ? " hour" : " hours");
        }
        return duration.toMinutes() + " minutes";
    }
}
