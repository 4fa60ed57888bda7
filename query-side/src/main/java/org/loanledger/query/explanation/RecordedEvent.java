package org.loanledger.query.explanation;

import java.util.Map;
import org.loanledger.shared.account.AccountEvent;

/**
 * One stored event of an account as the event store holds it: its sequence, the payload and the metadata it was
 * written with (actor, hash-chain link).
 */
public record RecordedEvent(long sequence, AccountEvent event, Map<String, ?> metaData) {

    public String type() {
        return event.getClass().getSimpleName();
    }

    /** The hash-chain link the command side wrote with this event, or null if it carries none. */
    public String chainHash() {
        Object link = metaData.get(org.loanledger.shared.integrity.HashChain.METADATA_KEY);
        return link == null ? null : link.toString();
    }
}
