package org.loanledger.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import com.zaxxer.hikari.HikariDataSource;
import org.axonframework.common.jdbc.DataSourceConnectionProvider;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.loanledger.shared.account.AccountEvent;
import org.loanledger.shared.account.AccountFold;
import org.loanledger.shared.account.AccountOpened;
import org.loanledger.shared.account.AccountState;
import org.loanledger.shared.account.FundsBorrowed;
import org.loanledger.shared.json.LedgerJson;
import org.loanledger.shared.money.Money;
import org.loanledger.support.eventstore.LedgerUpcasters;
import org.loanledger.support.eventstore.PostgresEventStore;
import org.springframework.mock.env.MockEnvironment;

/**
 * Axon's JDBC engine on PostgreSQL as the postgres profile sets it up: the tables of {@link PostgresEventStore}, the
 * ledger's JSON storage form and its duplicate-key resolver.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresEventStoreTest {

    private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");

    private TestDatabase database;
    private final List<HikariDataSource> pools = new ArrayList<>();

    @BeforeAll
    void createSchema() throws Exception {
        database = TestDatabase.create();
        PostgresEventStore.createSchema(pool());
    }

    @AfterAll
    void dropSchema() throws Exception {
        pools.forEach(HikariDataSource::close);
        if (database != null) {
            database.close();
        }
    }

    /** A writer of its own, as a second command-side instance would have. */
    private DataSource pool() {
        MockEnvironment environment = new MockEnvironment()
                .withProperty(PostgresEventStore.URL, database.url())
                .withProperty(PostgresEventStore.USERNAME, database.user())
                .withProperty(PostgresEventStore.PASSWORD, database.password());
        HikariDataSource pool = (HikariDataSource) PostgresEventStore.dataSource(environment, "test", 4);
        pools.add(pool);
        return pool;
    }

    private JdbcEventStorageEngine engine() {
        Serializer serializer = JacksonSerializer.builder().objectMapper(LedgerJson.storageMapper()).build();
        return JdbcEventStorageEngine.builder()
                .connectionProvider(new DataSourceConnectionProvider(pool()))
                .transactionManager(NoTransactionManager.INSTANCE)
                .persistenceExceptionResolver(PostgresEventStore.duplicateKeyResolver())
                .eventSerializer(serializer)
                .snapshotSerializer(serializer)
                .upcasterChain(LedgerUpcasters.chain())
                .build();
    }

    private static DomainEventMessage<AccountEvent> message(AccountEvent event, long sequence) {
        return new GenericDomainEventMessage<>("LoanAccount", event.accountId(), sequence, event);
    }

    private static AccountOpened opened(String accountId, String limit) {
        return new AccountOpened(accountId, "cust-" + accountId, "EUR", Money.of("EUR", limit), T0, "lender",
                "open-" + accountId);
    }

    private static FundsBorrowed borrowed(String accountId, String drawdownId, String amount, int minutesLater) {
        return new FundsBorrowed(accountId, drawdownId, Money.of("EUR", amount), 30, LocalDate.parse("2026-04-01"),
                T0.plusSeconds(60L * minutesLater), "lender", "borrow-" + drawdownId);
    }

    private static List<Object> payloadsOf(JdbcEventStorageEngine engine, String accountId) {
        return engine.readEvents(accountId).asStream().map(EventMessage::getPayload).collect(Collectors.toList());
    }

    @Nested
    class Appends {

        @Test
        void appendedEventsReadBackAsTheyWereWrittenWithTheirSequences() {
            JdbcEventStorageEngine engine = engine();
            AccountOpened opened = opened("acc-append", "1000.00");
            FundsBorrowed borrowed = borrowed("acc-append", "dd-1", "250.00", 1);

            engine.appendEvents(message(opened, 0), message(borrowed, 1));

            List<? extends DomainEventMessage<?>> read = engine.readEvents("acc-append").asStream().toList();
            assertThat(read).extracting(DomainEventMessage::getSequenceNumber).containsExactly(0L, 1L);
            assertThat(payloadsOf(engine, "acc-append")).containsExactly(opened, borrowed);
        }

        @Test
        void theStreamTheQuerySideFollowsHoldsEveryAccountInAppendOrder() {
            JdbcEventStorageEngine engine = engine();
            AccountOpened first = opened("acc-stream-1", "100.00");
            AccountOpened second = opened("acc-stream-2", "200.00");
            FundsBorrowed third = borrowed("acc-stream-1", "dd-s", "10.00", 1);
            engine.appendEvents(message(first, 0));
            engine.appendEvents(message(second, 0));
            engine.appendEvents(message(third, 1));

            List<Object> stream = engine.readEvents(null, false).map(TrackedEventMessage::getPayload)
                    .filter(payload -> payload instanceof AccountEvent event && event.accountId().startsWith("acc-stream-"))
                    .collect(Collectors.toList());

            assertThat(stream).containsExactly(first, second, third);
        }
    }

    @Nested
    class ConcurrencyConflicts {

        @Test
        void aSecondWriterOfTheSameSequenceConflictsAndTheFirstWriteStands() {
            JdbcEventStorageEngine writerA = engine();
            JdbcEventStorageEngine writerB = engine();
            writerA.appendEvents(message(opened("acc-race", "1000.00"), 0));
            FundsBorrowed fromA = borrowed("acc-race", "dd-a", "100.00", 1);
            FundsBorrowed fromB = borrowed("acc-race", "dd-b", "900.00", 1);

            writerA.appendEvents(message(fromA, 1));

            assertThatThrownBy(() -> writerB.appendEvents(message(fromB, 1)))
                    .isInstanceOf(ConcurrencyException.class);
            assertThat(payloadsOf(writerA, "acc-race")).containsExactly(opened("acc-race", "1000.00"), fromA);
        }

        @Test
        void ofWritersRacingForOneSequenceExactlyOneWinsAndTheOthersConflict() throws Exception {
            JdbcEventStorageEngine setup = engine();
            setup.appendEvents(message(opened("acc-many", "1000.00"), 0));
            int writers = 6;
            List<JdbcEventStorageEngine> engines = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                engines.add(engine());
            }
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService threads = Executors.newFixedThreadPool(writers);
            try {
                List<Future<Throwable>> outcomes = new ArrayList<>();
                for (int i = 0; i < writers; i++) {
                    JdbcEventStorageEngine writer = engines.get(i);
                    FundsBorrowed event = borrowed("acc-many", "dd-" + i, "10.00", 1);
                    outcomes.add(threads.submit(() -> {
                        start.await();
                        try {
                            writer.appendEvents(message(event, 1));
                            return null;
                        } catch (RuntimeException e) {
                            return e;
                        }
                    }));
                }
                start.countDown();
                List<Throwable> failures = new ArrayList<>();
                for (Future<Throwable> outcome : outcomes) {
                    Throwable failure = outcome.get(30, TimeUnit.SECONDS);
                    if (failure != null) {
                        failures.add(failure);
                    }
                }
                assertThat(failures).hasSize(writers - 1).allSatisfy(
                        failure -> assertThat(failure).isInstanceOf(ConcurrencyException.class));
                assertThat(payloadsOf(setup, "acc-many")).hasSize(2);
            } finally {
                threads.shutdownNow();
            }
        }
    }

    @Nested
    class Replay {

        @Test
        void anAccountLoadedFromItsEventsFoldsToTheStateTheyRecord() {
            JdbcEventStorageEngine engine = engine();
            engine.appendEvents(message(opened("acc-replay", "1000.00"), 0),
                    message(borrowed("acc-replay", "dd-1", "300.00", 1), 1),
                    message(borrowed("acc-replay", "dd-2", "150.25", 2), 2));

            List<AccountEvent> events = engine.readEvents("acc-replay").asStream()
                    .map(message -> (AccountEvent) message.getPayload()).toList();
            AccountState state = AccountFold.replay("acc-replay", events);

            assertThat(state.outstanding()).isEqualTo(Money.of("EUR", "450.25"));
            assertThat(state.drawdowns()).hasSize(2);
            assertThat(state.version()).isEqualTo(2L);
        }

        @Test
        void aReplayFromTheMiddleOfAnAccountReadsOnlyWhatFollows() {
            JdbcEventStorageEngine engine = engine();
            engine.appendEvents(message(opened("acc-tail", "1000.00"), 0),
                    message(borrowed("acc-tail", "dd-1", "1.00", 1), 1),
                    message(borrowed("acc-tail", "dd-2", "2.00", 2), 2));

            assertThat(engine.readEvents("acc-tail", 1).asStream().map(DomainEventMessage::getSequenceNumber))
                    .containsExactly(1L, 2L);
        }
    }
}
