package org.loanledger.query.appeal;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.loanledger.query.projection.ProjectionBatches;
import org.loanledger.query.projection.Projections;
import org.loanledger.shared.account.AppealDecided;
import org.loanledger.shared.account.AppealFiled;
import org.springframework.stereotype.Component;

/** Keeps one queue entry per appeal, from its filing to ops' decision. */
@Component
@ProcessingGroup(AppealsProjection.PROCESSING_GROUP)
public class AppealsProjection {

    public static final String PROCESSING_GROUP = Projections.APPEALS;

    private final AppealsStore store;

    public AppealsProjection(AppealsStore store) {
        this.store = store;
    }

    @EventHandler
    public void on(AppealFiled event, @SequenceNumber Long sequence) {
        ProjectionBatches.apply(PROCESSING_GROUP, store::newWrites, writes -> writes.filed(event, sequence));
    }

    @EventHandler
    public void on(AppealDecided event, @SequenceNumber Long sequence) {
        ProjectionBatches.apply(PROCESSING_GROUP, store::newWrites, writes -> writes.decided(event, sequence));
    }

    @ResetHandler
    public void reset() {
        store.clear();
    }
}
