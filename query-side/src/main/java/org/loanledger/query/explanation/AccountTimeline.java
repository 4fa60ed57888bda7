package org.loanledger.query.explanation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.loanledger.shared.account.AccountFold;
import org.loanledger.shared.account.AccountState;

/**
 * All recorded events of one account in sequence order, with the folded state kept every
 * {@value #CHECKPOINT_EVERY} events, so the state after any event is at most that many folds away however long
 * the history. Immutable; a longer timeline is made by {@link #extendedWith}.
 */
public final class AccountTimeline {

    /** Folding this many events takes well under a millisecond; keeping more checkpoints would only cost memory. */
    static final int CHECKPOINT_EVERY = 256;

    private final String accountId;
    private final List<RecordedEvent> events;
    /** checkpoints.get(i) is the state after (i + 1) * CHECKPOINT_EVERY events. */
    private final List<AccountState> checkpoints;

    private AccountTimeline(String accountId, List<RecordedEvent> events, List<AccountState> checkpoints) {
        this.accountId = accountId;
        this.events = events;
        this.checkpoints = checkpoints;
    }

    public static AccountTimeline of(String accountId, List<RecordedEvent> events) {
        return new AccountTimeline(accountId, List.of(), List.of()).extendedWith(events);
    }

    /** This timeline followed by {@code more}, the events recorded after it. */
    public AccountTimeline extendedWith(List<RecordedEvent> more) {
        if (more.isEmpty()) {
            return this;
        }
        List<RecordedEvent> all = new ArrayList<>(events.size() + more.size());
        all.addAll(events);
        all.addAll(more);
        List<AccountState> marks = new ArrayList<>(checkpoints);
        int folded = marks.size() * CHECKPOINT_EVERY;
        AccountState state = stateAfter(folded);
        for (int i = folded; i < all.size(); i++) {
            state = AccountFold.evolve(state, all.get(i).event());
            if ((i + 1) % CHECKPOINT_EVERY == 0) {
                marks.add(state);
            }
        }
        return new AccountTimeline(accountId, Collections.unmodifiableList(all), Collections.unmodifiableList(marks));
    }

    public String accountId() {
        return accountId;
    }

    public List<RecordedEvent> events() {
        return events;
    }

    public long lastSequence() {
        return events.isEmpty() ? -1 : events.get(events.size() - 1).sequence();
    }

    /** The account after its first {@code count} events. */
    public AccountState stateAfter(int count) {
        int checkpoint = Math.min(count / CHECKPOINT_EVERY, checkpoints.size());
        AccountState state = checkpoint == 0 ? AccountState.unopened(accountId) : checkpoints.get(checkpoint - 1);
        for (int i = checkpoint * CHECKPOINT_EVERY; i < count; i++) {
            state = AccountFold.evolve(state, events.get(i).event());
        }
        return state;
    }

    /** How many events had happened by {@code at}: those that occurred at or before it. */
    public int countUpTo(java.time.Instant at) {
        int low = 0;
        int high = events.size();
        // occurredAt never decreases along an account's sequence (one clock decides each account in order).
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (events.get(mid).event().occurredAt().isAfter(at)) {
                high = mid;
            } else {
                low = mid + 1;
            }
        }
        return low;
    }
}
