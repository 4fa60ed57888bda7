package org.loanledger.command.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.loanledger.command.account.AccountTestData.ACCOUNT;
import static org.loanledger.command.account.AccountTestData.CUSTOMER;
import static org.loanledger.command.account.AccountTestData.CUSTOMER_ACTOR;
import static org.loanledger.command.account.AccountTestData.NOW;
import static org.loanledger.command.account.AccountTestData.OPS_ACTOR;
import static org.loanledger.command.account.AccountTestData.dec;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.AggregateConfigurer;
import org.axonframework.config.Configuration;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.loanledger.shared.account.AccountCommand;
import org.loanledger.shared.account.AccountEvent;
import org.loanledger.shared.account.AccountFold;
import org.loanledger.shared.account.BorrowCommand;
import org.loanledger.shared.account.OpenAccountCommand;
import org.loanledger.shared.account.RepayCommand;
import org.loanledger.shared.json.LedgerJson;
import org.loanledger.support.eventstore.EmbeddedEventStoreFiles;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * A snapshot written before the account's snapshot form changed (no revision, requests remembered as nested
 * documents) is passed over: the account is rebuilt from its events on the embedded store, answers as before, and
 * its next snapshot is of the current revision. The store is configured as Axon's Spring Boot configuration builds
 * it, with the snapshot filter the aggregate's revision implies.
 */
class LoanAccountSnapshotRevisionTest {

    private final OpenAccountCommand open = new OpenAccountCommand(ACCOUNT, CUSTOMER, "EUR", dec("1000"), "r-open");
    private final BorrowCommand borrow = new BorrowCommand(ACCOUNT, dec("300"), "EUR", 30, "r-borrow");
    private final RepayCommand repay = new RepayCommand(ACCOUNT, dec("20"), "EUR", "r-repay");

    @TempDir
    Path dataDir;

    private HikariDataSource dataSource;
    private JdbcTemplate jdbc;
    private Serializer serializer;
    private Configuration axon;

    @BeforeEach
    void start() throws Exception {
        dataSource = (HikariDataSource) EmbeddedEventStoreFiles.dataSource(dataDir.toString(), 2);
        EmbeddedEventStoreFiles.schema(dataSource).afterPropertiesSet();
        jdbc = new JdbcTemplate(dataSource);
        serializer = InMemoryLedger.storageSerializer();
        TransactionManager transactions = new SpringTransactionManager(new DataSourceTransactionManager(dataSource));
        axon = EmbeddedStoreLedger.start(dataSource, transactions, serializer,
                AggregateConfigurer.defaultConfiguration(LoanAccount.class));
    }

    @AfterEach
    void stop() {
        axon.shutdown();
        dataSource.close();
    }

    @Test
    void anOlderSnapshotIsPassedOverAndTheAccountRebuiltFromItsEvents() throws Exception {
        send(OPS_ACTOR, open);
        CommandOutcome firstBorrowing = send(CUSTOMER_ACTOR, borrow);
        send(CUSTOMER_ACTOR, repay);
        String older = olderForm(serializer.serialize(load(), String.class).getData());
        storeOlderSnapshot(2, older);
        // Read as the current form, the older snapshot would fail the load of every command on the account.
        assertThatThrownBy(() -> serializer.deserialize(new SimpleSerializedObject<>(older, String.class,
                LoanAccount.class.getName(), null))).isInstanceOf(RuntimeException.class);

        CommandOutcome repeated = send(CUSTOMER_ACTOR, borrow);
        CommandOutcome next = send(CUSTOMER_ACTOR, new BorrowCommand(ACCOUNT, dec("5"), null, 10, "r-borrow-2"));

        assertThat(repeated).isEqualTo(firstBorrowing);
        assertThat(next.version()).isEqualTo(3);
        List<AccountEvent> events = axon.eventStore().readEvents(ACCOUNT, 0).asStream()
                .map(message -> (AccountEvent) message.getPayload()).toList();
        assertThat(load().state()).isEqualTo(AccountFold.replay(ACCOUNT, events));
    }

    @Test
    void theNextSnapshotIsOfTheCurrentRevisionAndReplacesTheOlderOne() throws Exception {
        send(OPS_ACTOR, open);
        send(CUSTOMER_ACTOR, borrow);
        storeOlderSnapshot(1, olderForm(serializer.serialize(load(), String.class).getData()));
        send(CUSTOMER_ACTOR, repay);

        axon.snapshotter().scheduleSnapshot(LoanAccount.class, ACCOUNT);

        assertThat(jdbc.queryForList("SELECT payloadRevision FROM SnapshotEventEntry WHERE aggregateIdentifier = ?",
                String.class, ACCOUNT)).containsExactly("2");
        assertThat(send(CUSTOMER_ACTOR, repay).repaid()).isNotNull();
    }

    private CommandOutcome send(String actor, AccountCommand command) {
        return axon.commandGateway().sendAndWait(GenericCommandMessage.asCommandMessage(command)
                .andMetaData(Map.of(LoanAccount.ACTOR, actor)));
    }

    private LoanAccount load() {
        DefaultUnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
        return unitOfWork.executeWithResult(() -> axon.repository(LoanAccount.class).load(ACCOUNT)
                .invoke(account -> account)).getPayload();
    }

    /**
     * The account in the form snapshots had before revision 2: each remembered request a document with its full
     * hash and the account's figures, risk occurrences as documents with a timestamp text.
     */
    private static String olderForm(String current) throws Exception {
        ObjectMapper json = LedgerJson.storageMapper();
        ObjectNode account = (ObjectNode) json.readTree(current);
        ObjectNode memory = account.putObject("appliedRequests");
        memory.putObject("r-open").put("requestHash", LoanAccount.requestHash(
                        new OpenAccountCommand(ACCOUNT, CUSTOMER, "EUR", dec("1000"), "r-open")))
                .put("status", "ACTIVE").put("creditLimit", dec("1000.00")).put("outstanding", dec("0.00"))
                .put("available", dec("1000.00")).put("version", 0);
        ObjectNode borrowing = memory.putObject("r-borrow").put("requestHash", LoanAccount.requestHash(
                        new BorrowCommand(ACCOUNT, dec("300"), "EUR", 30, "r-borrow")))
                .put("status", "ACTIVE").put("creditLimit", dec("1000.00")).put("outstanding", dec("300.00"))
                .put("available", dec("700.00")).put("version", 1);
        borrowing.putObject("borrowed").put("drawdownId", "dd-1").put("amount", dec("300.00")).put("termDays", 30)
                .put("dueDate", "2025-03-31").put("occurredAt", NOW.toString()).put("actor", CUSTOMER_ACTOR);
        ArrayNode borrowings = ((ObjectNode) account.get("riskFacts")).putArray("borrowings");
        borrowings.addObject().put("sequence", 1).put("at", NOW.toString());
        return json.writeValueAsString(account);
    }

    private void storeOlderSnapshot(long sequence, String payload) {
        jdbc.update("INSERT INTO SnapshotEventEntry (aggregateIdentifier, sequenceNumber, type, eventIdentifier, "
                        + "metaData, payload, payloadRevision, payloadType, timeStamp) VALUES (?, ?, ?, ?, ?, ?, NULL, ?, ?)",
                ACCOUNT, sequence, LoanAccount.class.getSimpleName(), UUID.randomUUID().toString(),
                "{}".getBytes(StandardCharsets.UTF_8), payload.getBytes(StandardCharsets.UTF_8),
                LoanAccount.class.getName(), NOW.toString());
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM SnapshotEventEntry WHERE payloadRevision IS NULL",
                Long.class)).isEqualTo(1);
    }
}
