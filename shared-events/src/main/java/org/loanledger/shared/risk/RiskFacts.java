package org.loanledger.shared.risk;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.util.StdConverter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.loanledger.shared.account.AccountEvent;
import org.loanledger.shared.account.AccountFrozen;
import org.loanledger.shared.account.AccountUnfrozen;
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

    // Stored packed (see Packed): an account's snapshot carries up to MAX_OCCURRENCES of each, and a JSON object
    // with a timestamp text per occurrence took longer to read than the rest of the account together.
    @JsonSerialize(converter = Packed.Writer.class)
    @JsonDeserialize(converter = Packed.Reader.class)
    private final ArrayDeque<Occurrence> borrowings = new ArrayDeque<>();
    @JsonSerialize(converter = Packed.Writer.class)
    @JsonDeserialize(converter = Packed.Reader.class)
    private final ArrayDeque<Occurrence> partialEarlyRepayments = new ArrayDeque<>();
    @JsonSerialize(converter = Packed.Writer.class)
    @JsonDeserialize(converter = Packed.Reader.class)
    private final ArrayDeque<Occurrence> overdueEpisodes = new ArrayDeque<>();
    /** Restrictions a rule imposed and still in force: their event's sequence, with the rule and its evidence. */
    private final Map<Long, RuleEvidence> restrictionsInForce = new HashMap<>();
    /** By rule: evidence of restrictions since lifted, which a rule that says so no longer counts. */
    private final Map<String, Set<Long>> spentEvidence = new HashMap<>();

    /** What a rule decided a restriction on. */
    public record RuleEvidence(String ruleId, List<Long> sequences) {
    }

    /** Takes in the account's next event, whose sequence is {@code sequence}. */
    public void record(long sequence, AccountEvent event) {
        Occurrence occurrence = new Occurrence(sequence, event.occurredAt());
        if (event instanceof FundsBorrowed) {
            add(borrowings, occurrence);
        } else if (event instanceof RepaymentReceived repaid && repaid.partialEarly()) {
            add(partialEarlyRepayments, occurrence);
        } else if (event instanceof DrawdownOverdue) {
            add(overdueEpisodes, occurrence);
        } else if (event instanceof AccountFrozen frozen && frozen.decision() != null) {
            restrictionsInForce.put(sequence, new RuleEvidence(frozen.decision().ruleId(),
                    frozen.decision().evidenceSequences()));
        } else if (event instanceof AccountUnfrozen unfrozen) {
            for (Long lifted : unfrozen.liftedRestrictions()) {
                RuleEvidence spent = restrictionsInForce.remove(lifted);
                if (spent != null) {
                    spentEvidence.computeIfAbsent(spent.ruleId(), rule -> new HashSet<>()).addAll(spent.sequences());
                }
            }
        }
        Instant oldestKept = event.occurredAt().minus(HORIZON);
        prune(borrowings, oldestKept);
        prune(partialEarlyRepayments, oldestKept);
        prune(overdueEpisodes, oldestKept);
        if (!spentEvidence.isEmpty()) {
            // Spent evidence matters only while it can still be counted: drop what is older than every remembered
            // occurrence (sequences grow with time, so pruning by time removes the oldest first).
            long oldestRemembered = Math.min(oldestSequence(borrowings),
                    Math.min(oldestSequence(partialEarlyRepayments), oldestSequence(overdueEpisodes)));
            spentEvidence.values().forEach(spent -> spent.removeIf(s -> s < oldestRemembered));
            spentEvidence.values().removeIf(Set::isEmpty);
        }
    }

    private static long oldestSequence(ArrayDeque<Occurrence> occurrences) {
        return occurrences.isEmpty() ? Long.MAX_VALUE : occurrences.peekFirst().sequence();
    }

    /** The evidence of {@code ruleId}'s lifted restrictions, not to be counted again by a rule that spends it. */
    public Set<Long> spentEvidence(String ruleId) {
        return Set.copyOf(spentEvidence.getOrDefault(ruleId, Set.of()));
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

    /**
     * Occurrences, oldest first, as one text: per occurrence the steps in sequence and in epoch seconds from the one
     * before (from zero for the first), as {@code sequenceStep:secondsStep}, with {@code .nanos} when the time has a
     * fraction, separated by commas. Steps keep it short: a year of daily borrowings is a few kilobytes.
     */
    static final class Packed {

        private Packed() {
        }

        static final class Writer extends StdConverter<ArrayDeque<Occurrence>, String> {
            @Override
            public String convert(ArrayDeque<Occurrence> occurrences) {
                StringBuilder text = new StringBuilder(occurrences.size() * 8);
                long sequence = 0;
                long second = 0;
                for (Occurrence occurrence : occurrences) {
                    if (!text.isEmpty()) {
                        text.append(',');
                    }
                    text.append(occurrence.sequence() - sequence).append(':')
                            .append(occurrence.at().getEpochSecond() - second);
                    if (occurrence.at().getNano() != 0) {
                        text.append('.').append(occurrence.at().getNano());
                    }
                    sequence = occurrence.sequence();
                    second = occurrence.at().getEpochSecond();
                }
                return text.toString();
            }
        }

        static final class Reader extends StdConverter<String, ArrayDeque<Occurrence>> {
            @Override
            public ArrayDeque<Occurrence> convert(String text) {
                ArrayDeque<Occurrence> occurrences = new ArrayDeque<>();
                long sequence = 0;
                long second = 0;
                int at = 0;
                while (at < text.length()) {
                    int colon = text.indexOf(':', at);
                    int comma = text.indexOf(',', colon);
                    int end = comma < 0 ? text.length() : comma;
                    int dot = text.indexOf('.', colon);
                    boolean fraction = dot >= 0 && dot < end;
                    sequence += Long.parseLong(text, at, colon, 10);
                    second += Long.parseLong(text, colon + 1, fraction ? dot : end, 10);
                    int nanos = fraction ? Integer.parseInt(text, dot + 1, end, 10) : 0;
                    occurrences.addLast(new Occurrence(sequence, Instant.ofEpochSecond(second, nanos)));
                    at = end + 1;
                }
                return occurrences;
            }
        }
    }
}
