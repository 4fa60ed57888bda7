package org.loanledger.shared.risk;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A named, versioned set of rules with thresholds. Every decision it makes is recorded with its version, so a later
 * change of policy never rewrites the past. A rule left null is not part of the policy.
 *
 * @param version               the policy's name, recorded in every decision it makes
 * @param borrowVelocity        {@code BORROW_VELOCITY}: this many borrowings within the window freeze the account
 * @param earlyPartialRepayment {@code EARLY_PARTIAL_REPAYMENT}: this many partial early repayments within the window
 *                              freeze the account
 * @param overdueHistory        {@code OVERDUE_HISTORY}: this many overdue episodes within the look-back, settled or
 *                              not, cut the limit to zero until a rescore
 * @param modelScore            {@code MODEL_SCORE}: a credit score below the cutoff cuts the limit to zero; one at or
 *                              above it restores what was cut
 * @param externalSignal        {@code EXTERNAL_SIGNAL}: a risk signal of these types at this severity freezes the
 *                              account pending ops review
 */
public record RiskPolicy(String version, CountRule borrowVelocity, CountRule earlyPartialRepayment,
                         CountRule overdueHistory, ScoreRule modelScore, SignalRule externalSignal) {

    public static final String BORROW_VELOCITY = "BORROW_VELOCITY";
    public static final String EARLY_PARTIAL_REPAYMENT = "EARLY_PARTIAL_REPAYMENT";
    public static final String OVERDUE_HISTORY = "OVERDUE_HISTORY";
    public static final String MODEL_SCORE = "MODEL_SCORE";
    public static final String EXTERNAL_SIGNAL = "EXTERNAL_SIGNAL";

    /** The built-in policy with no rules, for load tests. */
    public static final String PERMISSIVE = "permissive";

    public RiskPolicy {
        Objects.requireNonNull(version, "version");
    }

    public static RiskPolicy permissive() {
        return new RiskPolicy(PERMISSIVE, null, null, null, null, null);
    }

    /** The default policy {@code 2026-11}, as the product ships it. */
    public static RiskPolicy default202611() {
        return new RiskPolicy("2026-11",
                new CountRule(5, Duration.ofHours(24), Duration.ofHours(72)),
                new CountRule(3, Duration.ofDays(30), Duration.ofDays(7)),
                new CountRule(2, Duration.ofDays(180), null),
                new ScoreRule(550),
                new SignalRule("HIGH", Set.of("LOGIN_ANOMALY", "DEVICE_CHANGE", "BUREAU_DELINQUENCY")));
    }

    /**
     * A count within a window.
     *
     * @param coolOff             how long a freeze lasts before it lifts by itself, or null when it does not
     * @param liftSpendsEvidence  whether the events a restriction of this rule was decided on stop counting once
     *                            that restriction is lifted (by its cool-off, an upheld appeal or ops), so the next
     *                            such event does not restrict the account again on evidence already answered for
     */
    public record CountRule(int count, Duration window, Duration coolOff, boolean liftSpendsEvidence) {

        public CountRule {
            if (count < 1) {
                throw new IllegalArgumentException("a count rule needs a count of at least 1");
            }
            Objects.requireNonNull(window, "window");
        }

        /** A rule under which evidence keeps counting for its whole window, lifted or not. */
        public CountRule(int count, Duration window, Duration coolOff) {
            this(count, window, coolOff, false);
        }
    }

    public record ScoreRule(int cutoff) {
    }

    public record SignalRule(String severity, Set<String> types) {

        public SignalRule {
            types = Set.copyOf(types);
        }

        public boolean matches(String type, String signalSeverity) {
            return severity.equalsIgnoreCase(signalSeverity) && types.contains(type);
        }
    }

    /** The rule ids this policy has, for listings. */
    public List<String> ruleIds() {
        return java.util.stream.Stream.of(
                        borrowVelocity == null ? null : BORROW_VELOCITY,
                        earlyPartialRepayment == null ? null : EARLY_PARTIAL_REPAYMENT,
                        overdueHistory == null ? null : OVERDUE_HISTORY,
                        modelScore == null ? null : MODEL_SCORE,
                        externalSignal == null ? null : EXTERNAL_SIGNAL)
                .filter(Objects::nonNull).toList();
    }
}
