package org.loanledger.query.history;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.loanledger.query.projection.ProjectionBatches;
import org.loanledger.query.projection.Projections;
import org.loanledger.shared.account.AccountEvent;
import org.springframework.stereotype.Component;

/** Records one history entry per event, keyed by the event's sequence so a redelivery overwrites it with itself. */
@Component
@ProcessingGroup(AccountHistoryProjection.PROCESSING_GROUP)
public class AccountHistoryProjection {

    public static final String PROCESSING_GROUP = Projections.ACCOUNT_HISTORY;

    private final AccountHistoryStore store;

    public AccountHistoryProjection(AccountHistoryStore store) {
        this.store = store;
    }

    @EventHandler
    public void on(AccountEvent event, @SequenceNumber Long sequence) {
        ProjectionBatches.apply(PROCESSING_GROUP, store::newWrites, writes -> writes.add(event, sequence));
    }

    @ResetHandler
    public void reset() {
        store.clear();
    }
}
