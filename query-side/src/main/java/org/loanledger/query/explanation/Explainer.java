package org.loanledger.query.explanation;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.loanledger.query.explanation.Explanation.Evidence;
import org.loanledger.query.history.EventSummaries;
import org.loanledger.query.explanation.Explanation.Figures;
import org.loanledger.query.explanation.Explanation.LiftOption;
import org.loanledger.query.explanation.Explanation.PrincipalReason;
import org.loanledger.query.explanation.Explanation.RestrictionExplanation;
import org.loanledger.query.explanation.Explanation.RestrictionRef;
import org.loanledger.shared.account.AccountEvent;
import org.loanledger.shared.account.AccountFold;
import org.loanledger.shared.account.AccountFrozen;
import org.loanledger.shared.account.AccountState;
import org.loanledger.shared.account.AccountStatus;
import org.loanledger.shared.account.Actors;
import org.loanledger.shared.account.CreditLimitChanged;
import org.loanledger.shared.account.ReasonCode;
import org.loanledger.shared.account.Restriction;
import org.loanledger.shared.account.RiskDecision;
import org.loanledger.shared.account.RestrictionKind;
import org.loanledger.shared.personal.PersonalText;

/**
 * Builds explanations from an account's recorded events and nothing else: no clock, no configuration, no views.
 * The state comes from the shared fold, the restriction from the event that imposed it.
 */
public final class Explainer {

    private Explainer() {
    }

    /** The account as of {@code at}, explained. {@code events} are all the account's events in sequence order. */
    public static Explanation explain(String accountId, List<RecordedEvent> events, Instant at) {
        return explain(AccountTimeline.of(accountId, events), at);
    }

    /** The account as of {@code at}, explained from its timeline. */
    public static Explanation explain(AccountTimeline timeline, Instant at) {
        String accountId = timeline.accountId();
        int happened = timeline.countUpTo(at);
        AccountState state = timeline.stateAfter(happened);
        if (!state.opened()) {
            return new Explanation(accountId, at, -1, null, false, null, null, List.of(),
                    Narratives.unrestricted(false, null, false, false));
        }
        boolean canBorrow = state.status() == AccountStatus.ACTIVE && state.available().positive();
        String available = state.available().toPlainString();
        if (state.restrictionInForce().isEmpty()) {
            return new Explanation(accountId, at, state.version(), state.status(), canBorrow, available, null, List.of(),
                    Narratives.unrestricted(canBorrow, available, true, state.status() == AccountStatus.CLOSED));
        }
        Restriction inForce = state.restrictionInForce().get();
        RestrictionExplanation restriction = restriction(timeline, inForce);
        List<RestrictionRef> others = state.restrictions().stream()
                .filter(r -> r.eventSequence() != inForce.eventSequence())
                .map(r -> new RestrictionRef(r.kind(), r.reasonCode(), r.eventSequence()))
                .toList();
        return new Explanation(accountId, at, state.version(), state.status(), canBorrow, available, restriction, others,
                restriction.narrative());
    }

    /** The explanation of one restriction, from the event that imposed it and the account just before and after. */
    public static RestrictionExplanation restriction(AccountTimeline timeline, Restriction restriction) {
        List<RecordedEvent> events = timeline.events();
        int index = indexOf(events, restriction.eventSequence());
        RecordedEvent imposing = events.get(index);
        AccountState before = timeline.stateAfter(index);
        AccountState after = AccountFold.evolve(before, imposing.event());
        RiskDecision decision = decisionOf(imposing.event());
        List<PrincipalReason> reasons;
        List<Evidence> evidence;
        if (decision != null) {
            reasons = decision.principalReasons().stream()
                    .map(p -> new PrincipalReason(p.code(), p.description(), p.observed(), p.threshold(), p.dataSource(),
                            p.dataDate() == null ? null : p.dataDate().toString()))
                    .toList();
            evidence = decision.evidenceSequences().stream()
                    .map(sequence -> events.get(indexOf(events, sequence)))
                    .map(Explainer::evidence)
                    .toList();
        } else {
            reasons = List.of(new PrincipalReason(restriction.reasonCode().name(), describe(restriction),
                    observedOf(imposing.event()), null, restriction.imposedBy(),
                    LocalDate.ofInstant(restriction.since(), ZoneOffset.UTC).toString()));
            evidence = List.of(evidence(imposing));
        }
        RestrictionExplanation draft = new RestrictionExplanation(restriction.kind(), restriction.reasonCode(),
                restriction.since(), restriction.eventSequence(), restriction.imposedBy(),
                Actors.automated(restriction.imposedBy()),
                decision == null ? null : decision.policyVersion(), decision == null ? null : decision.ruleId(),
                decision == null ? null : decision.modelVersion(), restriction.batchId(),
                text(noteOf(imposing.event())), erased(noteOf(imposing.event())),
                reasons, evidence, figures(before), figures(after), liftOptions(restriction, decision), null);
        return withNarrative(draft);
    }

    private static Evidence evidence(RecordedEvent recorded) {
        return new Evidence(recorded.sequence(), recorded.type(), recorded.event().occurredAt(),
                EventSummaries.of(recorded.event()));
    }

    private static RiskDecision decisionOf(AccountEvent event) {
        if (event instanceof AccountFrozen e) {
            return e.decision();
        }
        if (event instanceof CreditLimitChanged e) {
            return e.decision();
        }
        return null;
    }

    private static RestrictionExplanation withNarrative(RestrictionExplanation r) {
        return new RestrictionExplanation(r.kind(), r.reasonCode(), r.imposedAt(), r.eventSequence(), r.imposedBy(),
                r.solelyAutomated(), r.policyVersion(), r.ruleId(), r.modelVersion(), r.batchId(), r.note(), r.noteErased(),
                r.principalReasons(), r.evidence(), r.stateBefore(), r.stateAfter(), r.liftableBy(),
                Narratives.forRestriction(r));
    }

    private static List<LiftOption> liftOptions(Restriction restriction, RiskDecision decision) {
        List<LiftOption> options = new ArrayList<>();
        if (decision != null && decision.coolOffUntil() != null) {
            options.add(new LiftOption("COOL_OFF", decision.coolOffUntil(), null));
        }
        if (decision != null && decision.scoreNeeded() != null) {
            options.add(new LiftOption("RESCORE", null, decision.scoreNeeded()));
        }
        if (restriction.reasonCode() == ReasonCode.SYSTEM_MAINTENANCE) {
            options.add(new LiftOption("MAINTENANCE_END", null, null));
        } else if (decision == null || decision.coolOffUntil() == null && decision.scoreNeeded() == null) {
            options.add(new LiftOption("OPS_REVIEW", null, null));
        }
        options.add(new LiftOption("APPEAL", null, null));
        return options;
    }

    private static String describe(Restriction restriction) {
        String what = restriction.kind() == RestrictionKind.FREEZE ? "account frozen" : "credit limit cut to nothing available";
        return switch (restriction.reasonCode()) {
            case MANUAL_REVIEW -> what + " by ops after a manual review";
            case SYSTEM_MAINTENANCE -> what + " for system maintenance, not because of the customer";
            case CUSTOMER_REQUEST -> what + " at the customer's request";
            case RISK_RULE -> what + " by a risk rule";
            case MODEL_RESCORE -> what + " after a credit score below the cutoff";
            case OVERDUE_HISTORY -> what + " for overdue history";
            default -> what;
        };
    }

    private static String observedOf(AccountEvent event) {
        if (event instanceof CreditLimitChanged e) {
            return "limit " + e.previousLimit().toPlainString() + " -> " + e.newLimit().toPlainString();
        }
        return null;
    }

    /** The words of a personal text, or null when there is none or it was erased. */
    static String text(PersonalText text) {
        return text == null ? null : text.text();
    }

    /** True when the text was erased; null otherwise, so an explanation without an erasure reads as it always did. */
    static Boolean erased(PersonalText text) {
        return text != null && text.erased() ? Boolean.TRUE : null;
    }

    private static PersonalText noteOf(AccountEvent event) {
        if (event instanceof AccountFrozen e) {
            return e.note();
        }
        if (event instanceof CreditLimitChanged e) {
            return e.note();
        }
        return null;
    }

    static Figures figures(AccountState state) {
        if (!state.opened()) {
            return null;
        }
        return new Figures(state.status(), state.creditLimit().toPlainString(), state.outstanding().toPlainString(),
                state.available().toPlainString());
    }

    /** Where the event with {@code sequence} is: sequences start at 0 and have no gaps in a stored account. */
    private static int indexOf(List<RecordedEvent> events, long sequence) {
        if (sequence < events.size() && events.get((int) sequence).sequence() == sequence) {
            return (int) sequence;
        }
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i).sequence() == sequence) {
                return i;
            }
        }
        throw new IllegalArgumentException("no event with sequence " + sequence);
    }
}
