package org.loanledger.query.support;

import java.util.List;
import java.util.function.Consumer;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.RollbackConfigurationType;

/** Events handed over as one batch of a streaming processor: one unit of work over all their messages. */
public final class EventBatches {

    private EventBatches() {
    }

    /** Calls the handler with every message inside the batch's unit of work; throws if the batch failed. */
    public static void deliver(List<? extends EventMessage<?>> messages, Consumer<DomainEventMessage<?>> handler) {
        BatchingUnitOfWork<EventMessage<?>> unitOfWork = new BatchingUnitOfWork<>(List.copyOf(messages));
        var result = unitOfWork.executeWithResult(() -> {
            handler.accept((DomainEventMessage<?>) unitOfWork.getMessage());
            return null;
        }, RollbackConfigurationType.ANY_THROWABLE);
        if (result.isExceptional()) {
            throw new AssertionError("the batch failed", result.exceptionResult());
        }
    }
}
