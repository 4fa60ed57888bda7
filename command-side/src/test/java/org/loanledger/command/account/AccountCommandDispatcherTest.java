package org.loanledger.command.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.Test;
import org.loanledger.shared.account.BorrowCommand;
import org.loanledger.shared.account.CommandRefusedException;
import org.loanledger.shared.account.RefusalCode;
import org.mockito.ArgumentCaptor;
import reactor.core.Disposable;
import reactor.test.StepVerifier;

class AccountCommandDispatcherTest {

    private final CommandGateway gateway = mock(CommandGateway.class);
    private final BorrowCommand command = new BorrowCommand("acc-1", new BigDecimal("10.00"), null, 30, "key-1");

    @Test
    void aCommandThatLostARaceIsRetriedOnAFreshLoadAndSucceeds() {
        CommandOutcome outcome = new CommandOutcome("acc-1", "c", "CNY", null, null, null, null, 3, null, null);
        when(gateway.sendAndWait(any(CommandMessage.class)))
                .thenThrow(new ConcurrencyException("lost"))
                .thenThrow(new ConcurrencyException("lost again"))
                .thenReturn(outcome);

        StepVerifier.create(new AccountCommandDispatcher(gateway, 5).send(command, "ops"))
                .expectNext(outcome)
                .expectComplete()
                .verify(Duration.ofSeconds(5));
        verify(gateway, times(3)).sendAndWait(any(CommandMessage.class));
    }

    @Test
    void racesBeyondTheRetryBoundReachTheCallerAsTheConcurrencyException() {
        when(gateway.sendAndWait(any(CommandMessage.class))).thenThrow(new ConcurrencyException("always"));

        StepVerifier.create(new AccountCommandDispatcher(gateway, 2).send(command, "ops"))
                .expectError(ConcurrencyException.class)
                .verify(Duration.ofSeconds(5));
        verify(gateway, times(3)).sendAndWait(any(CommandMessage.class));
    }

    @Test
    void aRefusalIsNeverRetried() {
        when(gateway.sendAndWait(any(CommandMessage.class)))
                .thenThrow(new CommandRefusedException(RefusalCode.ACCOUNT_FROZEN, "acc-1", "frozen"));

        StepVerifier.create(new AccountCommandDispatcher(gateway, 5).send(command, "ops"))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(CommandRefusedException.class))
                .verify(Duration.ofSeconds(5));
        verify(gateway, times(1)).sendAndWait(any(CommandMessage.class));
    }

    @Test
    void aCommandWhoseCallerWentAwayIsDecidedToTheEndWithoutAnInterrupt() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Boolean> interrupted = new CompletableFuture<>();
        when(gateway.sendAndWait(any(CommandMessage.class))).thenAnswer(invocation -> {
            started.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
                interrupted.complete(Thread.currentThread().isInterrupted());
            } catch (InterruptedException e) {
                interrupted.complete(true);
            }
            return new CommandOutcome("acc-1", "c", "CNY", null, null, null, null, 1, null, null);
        });

        Disposable caller = new AccountCommandDispatcher(gateway, 5).send(command, "ops").subscribe();
        assertThat(started.await(5, TimeUnit.SECONDS)).as("the command started").isTrue();
        caller.dispose();
        release.countDown();

        assertThat(interrupted.get(5, TimeUnit.SECONDS)).as("the worker was interrupted").isFalse();
        verify(gateway, times(1)).sendAndWait(any(CommandMessage.class));
    }

    @Test
    void theActorTravelsAsCommandMetadata() {
        when(gateway.sendAndWait(any(CommandMessage.class))).thenReturn(
                new CommandOutcome("acc-1", "c", "CNY", null, null, null, null, 1, null, null));

        new AccountCommandDispatcher(gateway, 5).send(command, "ops-alice").block(Duration.ofSeconds(5));

        @SuppressWarnings("unchecked")
        ArgumentCaptor<CommandMessage<?>> sent = ArgumentCaptor.forClass(CommandMessage.class);
        verify(gateway).sendAndWait(sent.capture());
        assertThat(sent.getValue().getPayload()).isEqualTo(command);
        assertThat(sent.getValue().getMetaData()).containsEntry(LoanAccount.ACTOR, "ops-alice");
    }

    @Test
    void aCommandWhoseBatchWasNotStoredRunsAgainOnItsOwn() {
        CommandOutcome outcome = new CommandOutcome("acc-1", "c", "CNY", null, null, null, null, 2, null, null);
        when(gateway.sendAndWait(any(CommandMessage.class))).thenReturn(outcome);
        // Batches that were never started answer every command with NotStored, as a batch that rolled back does.
        AccountCommandBatches stopped = new AccountCommandBatches(
                org.axonframework.commandhandling.SimpleCommandBus.builder().build(),
                org.axonframework.common.transaction.NoTransactionManager.INSTANCE, 8, null);

        StepVerifier.create(new AccountCommandDispatcher(gateway, stopped, 5).send(command, "ops"))
                .expectNext(outcome)
                .expectComplete()
                .verify(Duration.ofSeconds(5));
        verify(gateway, times(1)).sendAndWait(any(CommandMessage.class));
    }
}
