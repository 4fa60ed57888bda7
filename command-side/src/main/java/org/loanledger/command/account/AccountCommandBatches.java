package org.loanledger.command.account;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.axonframework.commandhandling.AsynchronousCommandBus;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.CommandResultMessage;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Account commands decided one after another on one thread and stored together: each batch is one transaction of
 * the event store, so one commit, and one write of the store's file, stores every event the batch decided.
 *
 * <p>A batch takes the commands waiting when its thread is free, at most {@code maxBatch}, and never two for one
 * account, in the order they came (a second command for an account already in the batch waits for the next one).
 * Each command runs as Axon always runs it, through the command bus in a unit of work of its own; here that unit of
 * work is nested in the batch's, so its events are appended, with everyone else's, when the batch commits, and its
 * account stays locked until then. Its transaction joins the batch's (Spring's transactions, as Axon uses them,
 * neither commit nor roll back a transaction they joined), so a command refused with an exception, whose unit of
 * work rolls back with nothing appended, leaves the rest of its batch to be stored. A command's answer, a refusal
 * included, is given only once the batch is committed: nothing is acknowledged before it is stored.
 *
 * <p>A batch that cannot be stored (another writer took a sequence number of one of its accounts, the store
 * failed) rolls back whole, like a single command, and Axon drops the accounts it had cached. Its commands are then
 * answered with {@link NotStored}, and the dispatcher runs each of them again on its own, so that one command's
 * conflict or failure reaches only its own caller.
 *
 * <p>Batches need a command bus that handles a command on the dispatching thread (Axon's {@link SimpleCommandBus},
 * as with a JDBC event store); with Axon Server commands are routed to another process, and batching is off.
 */
public final class AccountCommandBatches implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(AccountCommandBatches.class);

    private final CommandBus commandBus;
    private final TransactionManager transactions;
    private final int maxBatch;
    private final DistributionSummary batchSizes;
    private final LinkedBlockingQueue<Queued> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean running;

    /**
     * @param commandBus   the bus the commands go through; must handle them on the calling thread
     * @param transactions the event store's transactions (each batch starts one)
     * @param maxBatch     at most this many commands per batch
     * @param meters       where the batch sizes are recorded ({@code ledger.command.batch.size}), or null
     */
    public AccountCommandBatches(CommandBus commandBus, TransactionManager transactions, int maxBatch,
                                 MeterRegistry meters) {
        if (!(commandBus instanceof SimpleCommandBus) || commandBus instanceof AsynchronousCommandBus) {
            throw new IllegalArgumentException("command batches need a command bus that handles commands on the "
                    + "dispatching thread, not " + commandBus.getClass().getName());
        }
        if (maxBatch < 1) {
            throw new IllegalArgumentException("a batch holds at least one command: " + maxBatch);
        }
        this.commandBus = commandBus;
        this.transactions = transactions;
        this.maxBatch = maxBatch;
        this.batchSizes = meters == null ? null : DistributionSummary.builder("ledger.command.batch.size")
                .description("Account commands stored in one transaction of the event store")
                .register(meters);
        this.thread = new Thread(this::decideBatches, "account-command-batches");
        this.thread.setDaemon(true);
    }

    /**
     * Queues {@code command} for {@code accountId}. Its answer completes once the batch that decided it is committed,
     * with the command's outcome or the exception it was refused or failed with, or with {@link NotStored} when the
     * batch was not stored or batches have stopped: then nothing of the command was recorded.
     */
    public Queued submit(CommandMessage<?> command, String accountId) {
        Queued queued = new Queued(command, accountId);
        if (!running) {
            queued.answerStopped();
            return queued;
        }
        queue.add(queued);
        if (!running && queued.withdraw()) {
            // Stopped in between: the thread may have drained its queue already.
            queued.answerStopped();
        }
        return queued;
    }

    private void decideBatches() {
        Queued carried = null;
        while (true) {
            List<Queued> batch = new ArrayList<>();
            Set<String> accounts = new HashSet<>();
            if (carried != null) {
                // Taken already, from the batch before, which held its account.
                batch.add(carried);
                accounts.add(carried.accountId);
                carried = null;
            } else {
                Queued first = nextWaiting();
                if (first == null) {
                    if (!running && queue.isEmpty()) {
                        return;
                    }
                    continue;
                }
                batch.add(first);
                accounts.add(first.accountId);
            }
            while (batch.size() < maxBatch) {
                Queued next = queue.poll();
                if (next == null) {
                    break;
                }
                if (!next.start()) {
                    continue;
                }
                if (!accounts.add(next.accountId)) {
                    carried = next;
                    break;
                }
                batch.add(next);
            }
            decide(batch);
        }
    }

    /** The next command still waiting, taken for a batch; null when none came within 100 ms. */
    private Queued nextWaiting() {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
        try {
            Queued next;
            do {
                next = queue.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            } while (next != null && !next.start());
            return next;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private void decide(List<Queued> batch) {
        if (batchSizes != null) {
            batchSizes.record(batch.size());
        }
        List<CommandResultMessage<?>> results = new ArrayList<>(batch.size());
        try {
            UnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
            try {
                unitOfWork.attachTransaction(transactions);
                for (Queued queued : batch) {
                    int before = results.size();
                    commandBus.dispatch(queued.command, (command, result) -> results.add(result));
                    if (results.size() != before + 1) {
                        throw new IllegalStateException("the command bus did not decide "
                                + queued.command.getCommandName() + " on the batch's thread");
                    }
                }
            } catch (RuntimeException | Error e) {
                unitOfWork.rollback(e);
                throw e;
            }
            unitOfWork.commit();
        } catch (RuntimeException | Error e) {
            log.debug("A batch of {} account commands was not stored; each runs again on its own", batch.size(), e);
            NotStored notStored = new NotStored("the batch of this command was not stored", e);
            batch.forEach(queued -> queued.answer.completeExceptionally(notStored));
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            answer(batch.get(i).answer, results.get(i));
        }
    }

    /** Gives a stored command its answer: its outcome, or what it was refused or failed with. */
    private static void answer(CompletableFuture<CommandOutcome> answer, CommandResultMessage<?> result) {
        if (result.isExceptional()) {
            Throwable cause = result.exceptionResult();
            answer.completeExceptionally(cause instanceof RuntimeException || cause instanceof Error ? cause
                    : new CommandExecutionException(cause.getMessage(), cause));
        } else if (result.getPayload() == null || result.getPayload() instanceof CommandOutcome) {
            answer.complete((CommandOutcome) result.getPayload());
        } else {
            answer.completeExceptionally(new IllegalStateException("an account command answered "
                    + result.getPayload() + " instead of its outcome"));
        }
    }

    @Override
    public void start() {
        running = true;
        thread.start();
    }

    /** Takes no more commands, decides those already queued, and waits (at most 30 s) for the last batch. */
    @Override
    public void stop() {
        running = false;
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Queued left;
        while ((left = queue.poll()) != null) {
            if (left.withdraw()) {
                left.answerStopped();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stopped after the web server has stopped taking requests (its phases are above this one), before Axon. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 4096;
    }

    /** A command waiting for, or in, a batch. */
    public static final class Queued {

        private static final int WAITING = 0;
        private static final int STARTED = 1;
        private static final int WITHDRAWN = 2;

        private final CommandMessage<?> command;
        private final String accountId;
        private final CompletableFuture<CommandOutcome> answer = new CompletableFuture<>();
        private final AtomicInteger state = new AtomicInteger(WAITING);

        private Queued(CommandMessage<?> command, String accountId) {
            this.command = command;
            this.accountId = accountId;
        }

        /** The command's answer, once its batch is committed (or not stored). */
        public CompletableFuture<CommandOutcome> answer() {
            return answer;
        }

        /**
         * Takes the command out of the queue if no batch has taken it yet (its caller went away); returns whether it
         * did. A command already taken is decided and stored to the end.
         */
        public boolean withdraw() {
            return state.compareAndSet(WAITING, WITHDRAWN);
        }

        private boolean start() {
            return state.compareAndSet(WAITING, STARTED);
        }

        /** Answers a command no batch will take: nothing of it was recorded. */
        private void answerStopped() {
            answer.completeExceptionally(new NotStored("command batches are stopped", null));
        }
    }

    /** The command was not stored, nor decided for good: its batch rolled back, or batches have stopped. */
    public static final class NotStored extends RuntimeException {

        NotStored(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
