package org.loanledger.query.ops;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.loanledger.query.projection.ProjectionBatches;
import org.loanledger.query.projection.Projections;
import org.loanledger.shared.account.AccountEvent;
import org.springframework.stereotype.Component;

/** Keeps the portfolio totals: what every account adds to them, changed by each event's fold. */
@Component
@ProcessingGroup(PortfolioProjection.PROCESSING_GROUP)
public class PortfolioProjection {

    public static final String PROCESSING_GROUP = Projections.PORTFOLIO;

    private final PortfolioStore store;

    public PortfolioProjection(PortfolioStore store) {
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
