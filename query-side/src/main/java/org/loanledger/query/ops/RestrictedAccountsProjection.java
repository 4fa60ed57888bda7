package org.loanledger.query.ops;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.loanledger.query.projection.ProjectionBatches;
import org.loanledger.query.projection.Projections;
import org.loanledger.shared.account.AccountEvent;
import org.springframework.stereotype.Component;

/** Keeps, per account, its status and the restrictions in force, for the ops list. */
@Component
@ProcessingGroup(RestrictedAccountsProjection.PROCESSING_GROUP)
public class RestrictedAccountsProjection {

    public static final String PROCESSING_GROUP = Projections.RESTRICTED_ACCOUNTS;

    private final RestrictedAccountsStore store;

    public RestrictedAccountsProjection(RestrictedAccountsStore store) {
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
