package org.loanledger.query.explanation;

import java.util.List;
import org.loanledger.shared.integrity.HashChain;

/** Recomputes an account's hash chain from its stored events and finds the first event that no longer matches. */
public final class IntegrityCheck {

    private IntegrityCheck() {
    }

    /**
     * @param headHash            the link of the account's last event as recomputed, which an auditor can keep and
     *                            compare later
     * @param firstBrokenSequence the first event whose stored link differs from the recomputed one, or null
     */
    public record Result(boolean verified, long events, String headHash, Long firstBrokenSequence) {
    }

    public static Result verify(List<RecordedEvent> events) {
        String previous = HashChain.GENESIS;
        Long firstBroken = null;
        long expectedSequence = 0;
        for (RecordedEvent recorded : events) {
            // The link covers the sequence the event should have, so a removed event breaks the chain where it was.
            String expected = HashChain.link(previous, expectedSequence, recorded.event().occurredAt(), recorded.event());
            if (firstBroken == null && (recorded.sequence() != expectedSequence || !expected.equals(recorded.chainHash()))) {
                firstBroken = Math.min(recorded.sequence(), expectedSequence);
            }
            previous = expected;
            expectedSequence++;
        }
        return new Result(firstBroken == null, events.size(), events.isEmpty() ? null : previous, firstBroken);
    }
}
