package org.loanledger.query.projection;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/**
 * Collects a view's writes for the whole batch an event processor hands over, so a batch of a thousand events costs
 * one bulk write per view instead of a thousand round trips.
 *
 * <p>The writes are flushed when the batch commits: by {@link ViewFlushingTokenStore} just before the token is
 * stored (so a token never gets ahead of its views), or at the latest in the unit of work's prepare-commit phase
 * (dead-letter retries store no token). A handler called with no unit of work, as in a unit test, writes at once.
 */
public final class ProjectionBatches {

    private static final String PENDING = ProjectionBatches.class.getName() + ".pending";

    private ProjectionBatches() {
    }

    /**
     * Runs {@code work} on the named view's pending writes for the current batch. The work must change the pending
     * writes only once it cannot fail any more: a handler that throws is dead-lettered and must leave no trace.
     */
    public static <W extends PendingWrites> void apply(String view, Supplier<W> newWrites, Consumer<W> work) {
        if (!CurrentUnitOfWork.isStarted()) {
            W writes = newWrites.get();
            work.accept(writes);
            writes.flush();
            return;
        }
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get();
        Map<String, PendingWrites> pending = unitOfWork.getOrComputeResource(PENDING, key -> {
            unitOfWork.onPrepareCommit(ProjectionBatches::flush);
            return new LinkedHashMap<>();
        });
        @SuppressWarnings("unchecked")
        W writes = (W) pending.computeIfAbsent(view, key -> {
            W created = newWrites.get();
            if (unitOfWork instanceof BatchingUnitOfWork<?> batch) {
                List<? extends Message<?>> messages = batch.getMessages();
                if (messages.size() > 1) {
                    created.prefetch(accountsOf(messages));
                }
                tellAge(created, messages.get(messages.size() - 1));
            } else {
                tellAge(created, unitOfWork.getMessage());
            }
            return created;
        });
        work.accept(writes);
    }

    private static void tellAge(PendingWrites writes, Message<?> lastOfBatch) {
        if (lastOfBatch instanceof EventMessage<?> event) {
            writes.behindBy(Duration.between(event.getTimestamp(), Instant.now()));
        }
    }

    private static Set<String> accountsOf(List<? extends Message<?>> messages) {
        Set<String> accountIds = new LinkedHashSet<>();
        for (Message<?> message : messages) {
            if (message instanceof DomainEventMessage<?> event) {
                accountIds.add(event.getAggregateIdentifier());
            }
        }
        return accountIds;
    }

    /** Flushes what the current unit of work has pending, if anything. */
    public static void flushCurrent() {
        if (CurrentUnitOfWork.isStarted()) {
            flush(CurrentUnitOfWork.get());
        }
    }

    private static void flush(UnitOfWork<?> unitOfWork) {
        Map<String, PendingWrites> pending = unitOfWork.getResource(PENDING);
        if (pending != null) {
            for (PendingWrites writes : pending.values()) {
                writes.flush();
            }
        }
    }
}
