package org.loanledger.shared.risk;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.loanledger.shared.account.AccountEvent;
import org.loanledger.shared.account.DrawdownOverdue;
import org.loanledger.shared.account.FundsBorrowed;
import org.loanledger.shared.account.RepaymentReceived;

/**
 * The facts of one account that risk rules count over time windows: when it borrowed, when it made partial early
 * repayments, when drawdowns went overdue. Accumulated from the account's events in sequence order by one owner
 * (an aggregate, or a replay), never shared.
 *
 * <p>Bounded: occurrences older than {@link #HORIZON} before the newest event are dropped, and at most
 * {@link #MAX_OCCURRENCES} of each kind are kept, so no rule may look back further or count higher than that.
 */
public final class RiskFacts {

    /** The longest window any rule may use: a year, with a day's margin. */
    public static final Duration HORIZON = Duration.ofDays(366);

    /** The highest count any rule may use. */
    public static final int MAX_OCCURRENCES = 1000;

    /** One counted fact: the event's sequence (the evidence) and when it happened. */
    public record Occurrence(long sequence, Instant at) {
    }

    private final ArrayDeque<Occurrence> borrowings = new ArrayDeque<>();
    private final ArrayDeque<Occurrence> partialEarlyRepayments = new ArrayDeque<>();
    private final ArrayDeque<Occurrence> overdueEpisodes = new ArrayDeque<>();

    /** Takes in the account's next event, whose sequence is {@code sequence}. */
    public void record(long sequence, AccountEvent event) {
        Occurrence occurrence = new Occurrence(sequence, event.occurredAt());
        if (event instanceof FundsBorrowed) {
            add(borrowings, occurrence);
        } else if (event instanceof RepaymentReceived repaid && repaid.partialEarly()) {
            add(partialEarlyRepayments, occurrence);
        } else if (event instanceof DrawdownOverdue) {
            add(overdueEpisodes, occurrence);
        }
        Instant oldestKept = event.occurredAt().minus(HORIZON);
        prune(borrowings, oldestKept);
        prune(partialEarlyRepayments, oldestKept);
        prune(overdueEpisodes, oldestKept);
    }

    public List<Occurrence> borrowingsWithin(Duration window, Instant now) {
        return within(borrowings, window, now);
    }

    public List<Occurrence> partialEarlyRepaymentsWithin(Duration window, Instant now) {
        return within(partialEarlyRepayments, window, now);
    }

    public List<Occurrence> overdueEpisodesWithin(Duration window, Instant now) {
        return within(overdueEpisodes, window, now);
    }

    /** Occurrences in {@code (now - window, now]}, oldest first. */
    private static List<Occurrence> within(Deque<Occurrence> occurrences, Duration window, Instant now) {
        Instant from = now.minus(window);
        List<Occurrence> found = new ArrayList<>();
        for (Occurrence occurrence : occurrences) {
            if (occurrence.at().isAfter(from) && !occurrence.at().isAfter(now)) {
                found.add(occurrence);
            }
        }
        return found;
    }

    private static void add(ArrayDeque<Occurrence> occurrences, Occurrence occurrence) {
        occurrences.addLast(occurrence);
        while (occurrences.size() > MAX_OCCURRENCES) {
            occurrences.removeFirst();
        }
    }

    private static void prune(ArrayDeque<Occurrence> occurrences, Instant oldestKept) {
        while (!occurrences.isEmpty() && occurrences.peekFirst().at().isBefore(oldestKept)) {
            occurrences.removeFirst();
        }
    }
}
