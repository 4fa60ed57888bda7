package org.loanledger.command.account;

import java.time.Duration;
import java.util.Map;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.ConcurrencyException;
import org.loanledger.shared.account.AccountCommand;
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
 * <p>Commands are decided in batches when {@link AccountCommandBatches} run (the default with a JDBC event store),
 * and otherwise each on a worker thread, never on the event loop: deciding loads the account and appending writes
 * to the store. A command whose batch was not stored runs again on its own, so that a conflict or failure of
 * another account's command never reaches its caller. A command that lost a race for the same account (a
 * {@link ConcurrencyException}: another writer appended first) is retried on a fresh load a bounded number of
 * times; when that runs out the caller gets the exception, which the HTTP layer answers with 503 and
 * {@code Retry-After}. Nothing was recorded either way.
 *
 * <p>A command whose caller went away before it started is dropped; one that has started is decided and stored to
 * the end, never interrupted: the caller cannot know which happened, and its retry with the same
 * {@code Idempotency-Key} gets the first answer either way.
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
    private final AccountCommandBatches batches;
    private final int concurrencyRetries;

    /** A dispatcher that sends every command on its own. */
    public AccountCommandDispatcher(CommandGateway commandGateway, int concurrencyRetries) {
        this(commandGateway, (AccountCommandBatches) null, concurrencyRetries);
    }

    @Autowired
    public AccountCommandDispatcher(CommandGateway commandGateway, ObjectProvider<AccountCommandBatches> batches,
                                    @Value("${ledger.command.concurrency-retries:5}") int concurrencyRetries) {
        this(commandGateway, batches.getIfAvailable(), concurrencyRetries);
    }

    /** A dispatcher that sends commands to {@code batches}, or each on its own when it is null. */
    public AccountCommandDispatcher(CommandGateway commandGateway, AccountCommandBatches batches,
                                    int concurrencyRetries) {
        this.commandGateway = commandGateway;
        this.batches = batches;
        this.concurrencyRetries = concurrencyRetries;
    }

    public Mono<CommandOutcome> send(AccountCommand command, String actor) {
        CommandMessage<AccountCommand> message = GenericCommandMessage.<AccountCommand>asCommandMessage(command)
                .withMetaData(Map.of(LoanAccount.ACTOR, actor));
        Mono<CommandOutcome> attempt = batches == null ? alone(message) : Mono.defer(() -> {
            AccountCommandBatches.Queued queued = batches.submit(message, command.accountId());
            return Mono.fromFuture(queued.answer(), true).doOnCancel(queued::withdraw);
        }).onErrorResume(AccountCommandBatches.NotStored.class, notStored -> alone(message));
        return attempt
                .retryWhen(Retry.backoff(concurrencyRetries, Duration.ofMillis(2))
                        .maxBackoff(Duration.ofMillis(50))
                        .filter(ConcurrencyException.class::isInstance)
                        .onRetryExhaustedThrow((spec, signal) -> signal.failure()));
    }

    /** The command in a transaction of its own, on a worker thread. */
    private Mono<CommandOutcome> alone(CommandMessage<AccountCommand> message) {
        return Mono.fromCallable(() -> commandGateway.<CommandOutcome>sendAndWait(message)).subscribeOn(WORKERS);
    }
}
