package org.loanledger.command.account;

import java.time.Duration;
import java.util.Map;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.ConcurrencyException;
import org.loanledger.shared.account.AccountCommand;
import org.loanledger.support.eventstore.DurablePosition;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

/**
 * Sends account commands from the reactive HTTP layer to the aggregate.
 *
 * <p>Commands run on a worker thread, never on the event loop: deciding loads the account and appending writes to
 * the store. A command that lost a race for the same account (a {@link ConcurrencyException}: another writer
 * appended first) is retried on a fresh load a bounded number of times; when that runs out the caller gets the
 * exception, which the HTTP layer answers with 503 and {@code Retry-After}. Nothing was recorded either way.
 *
 * <p>A command whose caller went away before it started is dropped; one that has started is decided and stored to
 * the end, never interrupted: the caller cannot know which happened, and its retry with the same
 * {@code Idempotency-Key} gets the first answer either way.
 *
 * <p>On an embedded store that commits in groups, an answer waits until what the command stored, and everything it
 * was decided on, is in the file ({@link DurablePosition#written()}, after the next round, every few milliseconds).
 * A refusal waits too, since the state it explains may come from a command committed a moment before. Should that
 * write fail, the caller gets the failure instead of an answer, and a retry with the same {@code Idempotency-Key}
 * finds out what was recorded.
 */
@Component
public class AccountCommandDispatcher {

    /**
     * Reactor's bounded elastic workers, reached through an executor: Reactor interrupts a worker of its own when the
     * subscriber cancels (the client closed the connection), while a task handed to an executor is only skipped if
     * it has not started.
     */
    private static final Scheduler WORKERS = Schedulers.fromExecutor(task -> Schedulers.boundedElastic().schedule(task));

    private final CommandGateway commandGateway;
    private final int concurrencyRetries;
    /** The embedded store's durable position when it commits in groups; null when every commit writes itself. */
    private final DurablePosition groups;

    @Autowired
    public AccountCommandDispatcher(CommandGateway commandGateway,
                                    @Value("${ledger.command.concurrency-retries:5}") int concurrencyRetries,
                                    ObjectProvider<DurablePosition> durable) {
        this(commandGateway, concurrencyRetries, durable.getIfAvailable());
    }

    /** @param durable the embedded store's durable position, or null on a store that has none */
    public AccountCommandDispatcher(CommandGateway commandGateway, int concurrencyRetries, DurablePosition durable) {
        this.commandGateway = commandGateway;
        this.concurrencyRetries = concurrencyRetries;
        this.groups = durable != null && durable.commitsInGroups() ? durable : null;
    }

    public Mono<CommandOutcome> send(AccountCommand command, String actor) {
        Mono<CommandOutcome> decided = Mono.fromCallable(() -> commandGateway.<CommandOutcome>sendAndWait(
                        GenericCommandMessage.asCommandMessage(command).withMetaData(Map.of(LoanAccount.ACTOR, actor))))
                .subscribeOn(WORKERS)
                .retryWhen(Retry.backoff(concurrencyRetries, Duration.ofMillis(2))
                        .maxBackoff(Duration.ofMillis(50))
                        .filter(ConcurrencyException.class::isInstance)
                        .onRetryExhaustedThrow((spec, signal) -> signal.failure()));
        if (groups == null) {
            return decided;
        }
        return decided.onErrorResume(failure -> written().then(Mono.error(failure)))
                .flatMap(outcome -> written().thenReturn(outcome));
    }

    private Mono<Void> written() {
        return Mono.fromFuture(groups::written);
    }
}
