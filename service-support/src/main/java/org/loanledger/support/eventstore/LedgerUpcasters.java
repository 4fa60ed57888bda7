package org.loanledger.support.eventstore;

import java.util.List;
import org.axonframework.serialization.upcasting.event.EventUpcaster;
import org.axonframework.serialization.upcasting.event.EventUpcasterChain;

/**
 * Every upcaster the ledger has, in the order they apply. Both services and the release check read events through
 * this one chain, so an event written by any earlier release is read the same way everywhere.
 */
public final class LedgerUpcasters {

    private LedgerUpcasters() {
    }

    public static List<EventUpcaster> all() {
        return List.of(new FundsBorrowedRevision1Upcaster(), new PersonalTextRevision1Upcaster());
    }

    public static EventUpcasterChain chain() {
        return new EventUpcasterChain(all());
    }
}
