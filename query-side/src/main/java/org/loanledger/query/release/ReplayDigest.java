package org.loanledger.query.release;

import java.util.ArrayList;
import java.util.List;
import org.loanledger.query.explanation.AccountTimeline;
import org.loanledger.query.explanation.RecordedEvent;
import org.loanledger.query.explanation.RestrictionEpisodes;
import org.loanledger.shared.account.AccountFold;
import org.loanledger.shared.account.AccountState;
import org.loanledger.shared.integrity.Canonical;

/**
 * What one account means under the current code, in digests a later release can be compared with: the state after
 * every event (so a difference can be placed at the first event where it appears) and every restriction episode's
 * explanation.
 *
 * @param stateDigests      per event, the first {@value #SHORT} hex digits of the SHA-256 of the canonical state
 *                          after it: enough to tell two states apart, small enough to keep for every event
 * @param episodeDigests    per restriction episode, in order, the SHA-256 of its canonical explanation and ending
 * @param episodeSequences  the sequence of the event that imposed each episode
 */
public record ReplayDigest(String accountId, int events, List<String> stateDigests, List<String> episodeDigests,
                           List<Long> episodeSequences) {

    static final int SHORT = 12;

    public static ReplayDigest of(AccountTimeline timeline) {
        List<String> states = new ArrayList<>(timeline.events().size());
        AccountState state = AccountState.unopened(timeline.accountId());
        for (RecordedEvent recorded : timeline.events()) {
            state = AccountFold.evolve(state, recorded.event());
            states.add(Canonical.sha256(Canonical.of(state)).substring(0, SHORT));
        }
        List<String> episodes = new ArrayList<>();
        List<Long> sequences = new ArrayList<>();
        for (RestrictionEpisodes.Episode episode : RestrictionEpisodes.of(timeline)) {
            episodes.add(Canonical.sha256(Canonical.of(episode)));
            sequences.add(episode.explanation().eventSequence());
        }
        return new ReplayDigest(timeline.accountId(), timeline.events().size(), states, episodes, sequences);
    }

    /** Where this (the current release) differs from {@code recorded} (the previous one), or null if nowhere. */
    public Divergence divergenceFrom(ReplayDigest recorded) {
        int common = Math.min(stateDigests.size(), recorded.stateDigests.size());
        for (int i = 0; i < common; i++) {
            if (!stateDigests.get(i).equals(recorded.stateDigests.get(i))) {
                return new Divergence(accountId, "STATE", i);
            }
        }
        int episodesInCommon = Math.min(episodeDigests.size(), recorded.episodeDigests.size());
        for (int i = 0; i < episodesInCommon; i++) {
            if (!episodeDigests.get(i).equals(recorded.episodeDigests.get(i))) {
                return new Divergence(accountId, "EXPLANATION", episodeSequences.get(i));
            }
        }
        if (episodeDigests.size() != recorded.episodeDigests.size() && recorded.events == events) {
            long at = episodesInCommon < episodeSequences.size() ? episodeSequences.get(episodesInCommon)
                    : recorded.episodeSequences.get(episodesInCommon);
            return new Divergence(accountId, "EXPLANATION", at);
        }
        return null;
    }

    /** The first event at which an account's state, or the explanation of a restriction it imposed, differs. */
    public record Divergence(String accountId, String what, long firstSequence) {
    }
}
