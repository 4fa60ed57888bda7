package org.loanledger.query.explanation;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.loanledger.query.explanation.Explanation.RestrictionExplanation;
import org.loanledger.shared.account.AccountClosed;
import org.loanledger.shared.account.AccountEvent;
import org.loanledger.shared.account.AccountFold;
import org.loanledger.shared.account.AccountState;
import org.loanledger.shared.account.AccountUnfrozen;
import org.loanledger.shared.account.CreditLimitChanged;
import org.loanledger.shared.account.ReasonCode;
import org.loanledger.shared.account.Restriction;
import org.loanledger.shared.personal.PersonalText;

/** Every restriction an account ever had, from the event that imposed it to the event that lifted it. */
public final class RestrictionEpisodes {

    private RestrictionEpisodes() {
    }

    /**
     * @param explanation the restriction as explained right after it was imposed
     * @param ending      how it ended, or null while it is still in force
     */
    public record Episode(RestrictionExplanation explanation, Ending ending) {
    }

    /** Who or what lifted a restriction, when, why, and with which event. */
    public record Ending(long eventSequence, Instant endedAt, String endedBy, ReasonCode reasonCode, String type,
                         String note, @JsonInclude(JsonInclude.Include.NON_NULL) Boolean noteErased) {
    }

    /** The episodes of an account, oldest first; {@code events} are all its events in sequence order. */
    public static List<Episode> of(String accountId, List<RecordedEvent> events) {
        return of(AccountTimeline.of(accountId, events));
    }

    /** The episodes of an account, oldest first. */
    public static List<Episode> of(AccountTimeline timeline) {
        String accountId = timeline.accountId();
        List<RecordedEvent> events = timeline.events();
        Map<Long, Integer> open = new HashMap<>();
        List<Episode> episodes = new ArrayList<>();
        AccountState state = AccountState.unopened(accountId);
        for (int i = 0; i < events.size(); i++) {
            RecordedEvent recorded = events.get(i);
            Set<Long> before = sequences(state);
            state = AccountFold.evolve(state, recorded.event());
            Set<Long> after = sequences(state);
            for (Long lifted : before) {
                if (!after.contains(lifted)) {
                    int index = open.remove(lifted);
                    episodes.set(index, new Episode(episodes.get(index).explanation(), ending(recorded)));
                }
            }
            for (Restriction restriction : state.restrictions()) {
                if (!before.contains(restriction.eventSequence())) {
                    RestrictionExplanation explanation = Explainer.restriction(timeline, restriction);
                    open.put(restriction.eventSequence(), episodes.size());
                    episodes.add(new Episode(explanation, null));
                }
            }
        }
        return episodes;
    }

    private static Ending ending(RecordedEvent recorded) {
        AccountEvent event = recorded.event();
        ReasonCode reason = null;
        PersonalText note = null;
        if (event instanceof AccountUnfrozen e) {
            reason = e.reasonCode();
            note = e.note();
        } else if (event instanceof CreditLimitChanged e) {
            reason = e.reasonCode();
            note = e.note();
        } else if (event instanceof AccountClosed e) {
            reason = e.reasonCode();
            note = e.note();
        }
        return new Ending(recorded.sequence(), event.occurredAt(), event.actor(), reason, recorded.type(),
                Explainer.text(note), Explainer.erased(note));
    }

    private static Set<Long> sequences(AccountState state) {
        return state.restrictions().stream().map(Restriction::eventSequence).collect(Collectors.toSet());
    }
}
