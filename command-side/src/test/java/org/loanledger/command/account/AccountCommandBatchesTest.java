package org.loanledger.command.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.loanledger.command.account.AccountTestData.OPS_ACTOR;
import static org.loanledger.command.account.AccountTestData.dec;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.AggregateConfigurer;
import org.axonframework.config.Configuration;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.loanledger.shared.account.AccountCommand;
import org.loanledger.shared.account.AccountEvent;
import org.loanledger.shared.account.AccountFold;
import org.loanledger.shared.account.BorrowCommand;
import org.loanledger.shared.account.CommandRefusedException;
import org.loanledger.shared.account.OpenAccountCommand;
import org.loanledger.shared.account.RefusalCode;
import org.loanledger.support.eventstore.EmbeddedEventStoreFiles;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * Account commands in batches on the embedded event store, configured as the service configures it (Axon's simple
 * command bus, Spring's transactions on the H2 file, the accounts cached between commands): one commit per batch,
 * answers only after it, one command's refusal confined to its caller, and a batch that is not stored leaving
 * neither events nor cached accounts behind.
 */
class AccountCommandBatchesTest {

    private static final String GATE = String.class.getName();

    @TempDir
    Path dataDir;

    private HikariDataSource pool;
    private final AtomicInteger commits = new AtomicInteger();
    private final AtomicReference<Runnable> beforeCommit = new AtomicReference<>(() -> { });
    private Configuration axon;
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private AccountCommandBatches batches;
    private final CountDownLatch gateEntered = new CountDownLatch(1);
    private final CountDownLatch gateOpened = new CountDownLatch(1);

    @BeforeEach
    void start() throws Exception {
        pool = (HikariDataSource) EmbeddedEventStoreFiles.dataSource(dataDir.toString(), 4);
        EmbeddedEventStoreFiles.schema(pool).afterPropertiesSet();
        DataSource dataSource = new CountedCommits(pool);
        TransactionManager transactions = new SpringTransactionManager(new DataSourceTransactionManager(dataSource));
        axon = EmbeddedStoreLedger.start(dataSource, transactions, InMemoryLedger.storageSerializer(),
                AggregateConfigurer.defaultConfiguration(LoanAccount.class).configureCache(c -> new AccountCache(100)));
        // A command that holds the batch thread until the test opens it, so that what comes meanwhile waits.
        axon.commandBus().subscribe(GATE, message -> {
            gateEntered.countDown();
            gateOpened.await(10, TimeUnit.SECONDS);
            return null;
        });
        batches = new AccountCommandBatches(axon.commandBus(), transactions, 64, meters);
        batches.start();
    }

    @AfterEach
    void stop() {
        batches.stop();
        axon.shutdown();
        pool.close();
    }

    @Test
    void commandsOfManyAccountsWaitingTogetherAreStoredInOneCommit() throws Exception {
        holdTheBatchThread();
        List<CompletableFuture<CommandOutcome>> answers = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            answers.add(submit(open("acc-" + i)));
        }
        int commitsBefore = commits.get();
        gateOpened.countDown();

        List<CommandOutcome> outcomes = new ArrayList<>();
        for (CompletableFuture<CommandOutcome> answer : answers) {
            outcomes.add(answer.get(10, TimeUnit.SECONDS));
        }
        assertThat(commits.get() - commitsBefore).as("commits: the gate's batch, then one for the ten").isEqualTo(2);
        for (int i = 0; i < 10; i++) {
            assertThat(outcomes.get(i).accountId()).isEqualTo("acc-" + i);
            assertThat(outcomes.get(i).version()).as("the opening's sequence").isEqualTo(0);
            assertThat(events("acc-" + i)).hasSize(1);
        }
        assertThat(meters.summary("ledger.command.batch.size").max()).isEqualTo(10);
    }

    @Test
    void noCommandOfABatchIsAnsweredBeforeItsCommitReturns() throws Exception {
        holdTheBatchThread();
        CompletableFuture<CommandOutcome> first = submit(open("acc-a"));
        CompletableFuture<CommandOutcome> second = submit(open("acc-b"));
        AtomicInteger commitsSeen = new AtomicInteger();
        CountDownLatch committing = new CountDownLatch(1);
        CountDownLatch commitMayReturn = new CountDownLatch(1);
        beforeCommit.set(() -> {
            // The gate's batch commits first; the next commit is the two openings'.
            if (commitsSeen.incrementAndGet() == 2) {
                committing.countDown();
                await(commitMayReturn);
            }
        });
        gateOpened.countDown();

        assertThat(committing.await(10, TimeUnit.SECONDS)).as("the openings' batch is committing").isTrue();
        Thread.sleep(200);
        assertThat(first).as("answered before its commit returned").isNotDone();
        assertThat(second).as("answered before its commit returned").isNotDone();
        commitMayReturn.countDown();
        assertThat(first.get(10, TimeUnit.SECONDS).version()).isEqualTo(0);
        assertThat(second.get(10, TimeUnit.SECONDS).version()).isEqualTo(0);
    }

    @Test
    void aRefusedCommandIsRefusedAloneAndTheRestOfItsBatchIsStored() throws Exception {
        submit(open("acc-a")).get(10, TimeUnit.SECONDS);
        submit(open("acc-b")).get(10, TimeUnit.SECONDS);
        holdTheBatchThread();
        CompletableFuture<CommandOutcome> tooMuch = submit(borrow("acc-a", "5000", "r-1"));
        CompletableFuture<CommandOutcome> fine = submit(borrow("acc-b", "100", "r-2"));
        CompletableFuture<CommandOutcome> opened = submit(open("acc-c"));
        gateOpened.countDown();

        assertThatThrownBy(() -> tooMuch.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOfSatisfying(CommandRefusedException.class,
                        refused -> assertThat(refused.code()).isEqualTo(RefusalCode.INSUFFICIENT_AVAILABLE_LIMIT));
        assertThat(fine.get(10, TimeUnit.SECONDS).outstanding().amount()).isEqualByComparingTo("100.00");
        assertThat(opened.get(10, TimeUnit.SECONDS).version()).isEqualTo(0);
        assertThat(events("acc-a")).hasSize(1);
        assertThat(events("acc-b")).hasSize(2);
        assertThat(events("acc-c")).hasSize(1);
        assertThat(meters.summary("ledger.command.batch.size").max()).isEqualTo(3);
    }

    @Test
    void aBatchThatIsNotStoredLeavesNoEventAndNoCachedAccountBehind() throws Exception {
        submit(open("acc-a")).get(10, TimeUnit.SECONDS);
        holdTheBatchThread();
        CompletableFuture<CommandOutcome> borrowing = submit(borrow("acc-a", "100", "r-1"));
        CompletableFuture<CommandOutcome> opening = submit(open("acc-b"));
        AtomicInteger commitsSeen = new AtomicInteger();
        beforeCommit.set(() -> {
            // The gate's batch commits; the next one, of the borrowing and the opening, fails.
            if (commitsSeen.incrementAndGet() == 2) {
                throw new IllegalStateException("the store is gone");
            }
        });
        gateOpened.countDown();

        for (CompletableFuture<CommandOutcome> answer : List.of(borrowing, opening)) {
            assertThatThrownBy(() -> answer.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(AccountCommandBatches.NotStored.class);
        }
        assertThat(events("acc-a")).hasSize(1);
        assertThat(events("acc-b")).isEmpty();

        // The cached account did not keep the borrowing that was never stored: the same request borrows again,
        // as the account's first borrowing, right after the opening.
        CommandOutcome again = submit(borrow("acc-a", "100", "r-1")).get(10, TimeUnit.SECONDS);
        assertThat(again.version()).isEqualTo(1);
        assertThat(again.outstanding().amount()).isEqualByComparingTo("100.00");
        assertThat(submit(open("acc-b")).get(10, TimeUnit.SECONDS).version()).isEqualTo(0);
        assertThat(events("acc-a")).hasSize(2);
    }

    @Test
    void commandsForOneAccountAreDecidedInTheOrderTheyCameOneBatchEach() throws Exception {
        submit(open("acc-a")).get(10, TimeUnit.SECONDS);
        holdTheBatchThread();
        List<CompletableFuture<CommandOutcome>> borrowings = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            borrowings.add(submit(borrow("acc-a", String.valueOf(i * 10), "r-" + i)));
        }
        CompletableFuture<CommandOutcome> other = submit(open("acc-b"));
        int commitsBefore = commits.get();
        gateOpened.countDown();

        for (int i = 1; i <= 3; i++) {
            assertThat(borrowings.get(i - 1).get(10, TimeUnit.SECONDS).version()).isEqualTo(i);
        }
        assertThat(other.get(10, TimeUnit.SECONDS).version()).isEqualTo(0);
        assertThat(commits.get() - commitsBefore).as("the gate's batch, then one per borrowing").isEqualTo(4);
        List<AccountEvent> events = events("acc-a");
        assertThat(AccountFold.replay("acc-a", events).outstanding().amount()).isEqualByComparingTo("60.00");
        assertThat(events).extracting(AccountEvent::requestId).containsExactly("r-open-acc-a", "r-1", "r-2", "r-3");
    }

    @Test
    void aCommandWithdrawnBeforeItsBatchTookItIsNeverDecided() throws Exception {
        holdTheBatchThread();
        AccountCommandBatches.Queued withdrawn = batches.submit(message(open("acc-a")), "acc-a");
        CompletableFuture<CommandOutcome> kept = submit(open("acc-b"));
        assertThat(withdrawn.withdraw()).isTrue();
        gateOpened.countDown();

        assertThat(kept.get(10, TimeUnit.SECONDS).version()).isEqualTo(0);
        assertThat(withdrawn.answer()).isNotDone();
        assertThat(events("acc-a")).isEmpty();
    }

    @Test
    void aCommandTakenByABatchCannotBeWithdrawn() throws Exception {
        AccountCommandBatches.Queued gate = batches.submit(GenericCommandMessage.asCommandMessage("gate"), "gate");
        assertThat(gateEntered.await(10, TimeUnit.SECONDS)).isTrue();

        assertThat(gate.withdraw()).isFalse();
        gateOpened.countDown();
        assertThat(gate.answer().get(10, TimeUnit.SECONDS)).as("the gate's handler answers nothing").isNull();
    }

    @Test
    void aHandlerAnsweringSomethingOtherThanAnOutcomeFailsOnlyItsOwnCommand() throws Exception {
        axon.commandBus().subscribe(Integer.class.getName(), message -> "not an outcome");
        holdTheBatchThread();
        CompletableFuture<CommandOutcome> odd = batches.submit(GenericCommandMessage.asCommandMessage(7), "odd")
                .answer();
        CompletableFuture<CommandOutcome> opened = submit(open("acc-a"));
        gateOpened.countDown();

        assertThatThrownBy(() -> odd.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(IllegalStateException.class).hasMessageContaining("not an outcome");
        assertThat(opened.get(10, TimeUnit.SECONDS).version()).isEqualTo(0);
    }

    @Test
    void onceStoppedBatchesTakeNoCommandAndAnswerThatNothingWasStored() {
        batches.stop();

        CompletableFuture<CommandOutcome> answer = submit(open("acc-a"));

        assertThatThrownBy(() -> answer.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(AccountCommandBatches.NotStored.class);
        assertThat(events("acc-a")).isEmpty();
    }

    @Test
    void aCommandBusThatHandsCommandsToAnotherThreadIsRefused() {
        var elsewhere = org.axonframework.commandhandling.AsynchronousCommandBus.builder().build();

        assertThatThrownBy(() -> new AccountCommandBatches(elsewhere, axon.getComponent(TransactionManager.class), 8,
                null)).isInstanceOf(IllegalArgumentException.class);
        elsewhere.shutdown();
    }

    private void holdTheBatchThread() throws InterruptedException {
        batches.submit(GenericCommandMessage.asCommandMessage("gate"), "gate");
        assertThat(gateEntered.await(10, TimeUnit.SECONDS)).as("the gate holds the batch thread").isTrue();
    }

    private CompletableFuture<CommandOutcome> submit(AccountCommand command) {
        return batches.submit(message(command), command.accountId()).answer();
    }

    private static CommandMessage<?> message(AccountCommand command) {
        return GenericCommandMessage.asCommandMessage(command).withMetaData(Map.of(LoanAccount.ACTOR, OPS_ACTOR));
    }

    private List<AccountEvent> events(String accountId) {
        return axon.eventStore().readEvents(accountId, 0).asStream()
                .map(message -> (AccountEvent) message.getPayload()).toList();
    }

    private static OpenAccountCommand open(String accountId) {
        return new OpenAccountCommand(accountId, "cust-" + accountId, "EUR", dec("1000"), "r-open-" + accountId);
    }

    private static BorrowCommand borrow(String accountId, String amount, String requestId) {
        return new BorrowCommand(accountId, dec(amount), "EUR", 30, requestId);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The pool, with every commit counted and preceded by what the test asks for. */
    private final class CountedCommits extends DelegatingDataSource {

        CountedCommits(DataSource pool) {
            super(pool);
        }

        @Override
        public Connection getConnection() throws SQLException {
            Connection connection = super.getConnection();
            return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                    new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                        if ("commit".equals(method.getName()) && method.getParameterCount() == 0) {
                            beforeCommit.get().run();
                            commits.incrementAndGet();
                        }
                        try {
                            return method.invoke(connection, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }
    }
}
