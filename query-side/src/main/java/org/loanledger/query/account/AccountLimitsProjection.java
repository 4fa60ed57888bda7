package org.loanledger.query.account;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.loanledger.query.projection.ProjectionBatches;
import org.loanledger.query.projection.Projections;
import org.loanledger.shared.account.AccountEvent;
import org.springframework.stereotype.Component;

/** Keeps each account's current limits: the fold of its events, stored with the version it reached. */
@Component
@ProcessingGroup(AccountLimitsProjection.PROCESSING_GROUP)
public class AccountLimitsProjection {

    public static final String PROCESSING_GROUP = Projections.ACCOUNT_LIMITS;

    private final AccountLimitsStore store;

    public AccountLimitsProjection(AccountLimitsStore store) {
        this.store = store;
    }

    @EventHandler
    public void on(AccountEvent event, @SequenceNumber Long sequence) {
        ProjectionBatches.apply(PROCESSING_GROUP, store::newWrites, writes -> writes.apply(event, sequence));
    }

    @ResetHandler
    public void reset() {
        store.clear();
    }
}
