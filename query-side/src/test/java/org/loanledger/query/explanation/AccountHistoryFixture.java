package org.loanledger.query.explanation;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.loanledger.shared.account.AccountEvent;
import org.loanledger.shared.integrity.HashChain;

/** Builds an account's recorded events the way the command side writes them: in sequence, chained, one minute apart. */
final class AccountHistoryFixture {

    static final Instant START = Instant.parse("2026-11-01T09:00:00Z");

    private final List<RecordedEvent> events = new ArrayList<>();
    private String head = HashChain.GENESIS;

    /** Appends the event built for the next instant (START plus one minute per event already recorded). */
    AccountHistoryFixture then(Function<Instant, AccountEvent> event) {
        long sequence = events.size();
        AccountEvent built = event.apply(at(sequence));
        head = HashChain.link(head, sequence, built.occurredAt(), built);
        events.add(new RecordedEvent(sequence, built, Map.of(HashChain.METADATA_KEY, head, "actor", built.actor())));
        return this;
    }

    static Instant at(long sequence) {
        return START.plus(Duration.ofMinutes(sequence));
    }

    List<RecordedEvent> events() {
        return List.copyOf(events);
    }
}
