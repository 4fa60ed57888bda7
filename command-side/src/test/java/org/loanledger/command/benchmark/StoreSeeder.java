package org.loanledger.command.benchmark;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.AnnotationRevisionResolver;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.loanledger.command.account.LoanAccount;
import org.loanledger.shared.account.AccountEvent;
import org.loanledger.shared.account.AccountFrozen;
import org.loanledger.shared.account.AccountOpened;
import org.loanledger.shared.account.FundsBorrowed;
import org.loanledger.shared.account.ReasonCode;
import org.loanledger.shared.account.RepaymentAllocation;
import org.loanledger.shared.account.RepaymentReceived;
import org.loanledger.shared.integrity.Canonical;
import org.loanledger.shared.integrity.HashChain;
import org.loanledger.shared.json.LedgerJson;
import org.loanledger.shared.money.Money;
import org.loanledger.support.eventstore.EmbeddedEventStoreFiles;
import org.loanledger.support.eventstore.LedgerUpcasters;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * Writes account histories straight into an embedded event store while no service has it open: through Axon's
 * {@code JdbcEventStorageEngine} with the ledger's storage serializer, so the rows are exactly what the command side
 * writes (payload, revision, metadata with the actor, the request hash and the hash-chain link), many thousand
 * events per transaction so that setting up a large store takes seconds, not the hours one commit per event would.
 *
 * <p>Each account: opened with a large limit, then 10.00 borrowed and repaid in turn, one second apart; optionally a
 * manual freeze last, so an explanation has a restriction to explain.
 */
final class StoreSeeder implements AutoCloseable {

    static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    private static final Money TEN = Money.of("CNY", "10.00");
    private static final int EVENTS_PER_TRANSACTION = 5_000;

    private final DataSource dataSource;
    private final Serializer serializer;
    private final TransactionManager transactions;
    private final JdbcEventStorageEngine engine;
    private final List<DomainEventMessage<?>> pending = new ArrayList<>(EVENTS_PER_TRANSACTION);

    /** A seeder of a store no service has open. */
    StoreSeeder(Path dataDir) {
        this(seedingDataSource(dataDir));
    }

    /**
     * The store opened exactly as the command side opens it ({@link EmbeddedEventStoreFiles}), with room for a writer
     * and the housekeeping of the process that serves the file.
     */
    static StoreSeeder asTheCommandSideOpensIt(Path dataDir) {
        return new StoreSeeder(EmbeddedEventStoreFiles.dataSource(dataDir.toString(), 4));
    }

    private StoreSeeder(DataSource dataSource) {
        this.dataSource = dataSource;
        try {
            EmbeddedEventStoreFiles.schema(dataSource).afterPropertiesSet();
        } catch (Exception e) {
            throw new IllegalStateException("cannot create the event store schema", e);
        }
        serializer = storageSerializer();
        transactions = new SpringTransactionManager(new DataSourceTransactionManager(dataSource));
        engine = JdbcEventStorageEngine.builder()
                .connectionProvider(new SpringDataSourceConnectionProvider(dataSource))
                .transactionManager(transactions)
                .eventSerializer(serializer)
                .snapshotSerializer(serializer)
                .upcasterChain(LedgerUpcasters.chain())
                .build();
    }

    /**
     * The store's file without {@code WRITE_DELAY=0}: nothing else has it open while it is seeded, and closing the
     * pool writes everything, so the per-commit write that protects acknowledged commands would only halve the rate.
     * H2's background writer then also compacts the file, and {@code RETENTION_TIME=0} lets it reuse freed space at
     * once, so the command side does not start on a bloated file it would spend the measurement compacting.
     */
    private static DataSource seedingDataSource(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        HikariConfig config = new HikariConfig();
        config.setPoolName("bench-seeder");
        config.setJdbcUrl("jdbc:h2:" + EmbeddedEventStoreFiles.databasePath(dataDir) + ";RETENTION_TIME=0");
        config.setUsername("ledger");
        config.setPassword("");
        config.setMaximumPoolSize(2);
        return new HikariDataSource(config);
    }

    static Serializer storageSerializer() {
        return JacksonSerializer.builder().objectMapper(LedgerJson.storageMapper())
                .revisionResolver(new AnnotationRevisionResolver()).build();
    }

    /** An account of {@code events} events (sequences 0 to events - 1). */
    void account(String id, int events, boolean freezeLast) {
        append(id, 0, events, HashChain.GENESIS, freezeLast);
    }

    /**
     * Appends the events with sequences {@code from} to {@code to - 1} of account {@code id}, linked to
     * {@code chainHead}; returns the new chain head. They are committed with the next full transaction or
     * {@link #flush()}: with {@code WRITE_DELAY=0} each commit is a write to disk.
     */
    String append(String id, int from, int to, String chainHead, boolean freezeLast) {
        String link = chainHead;
        for (int sequence = from; sequence < to; sequence++) {
            Stored stored = event(id, sequence, link, freezeLast && sequence == to - 1);
            link = stored.link();
            pending.add(stored.message());
            if (pending.size() == EVENTS_PER_TRANSACTION) {
                flush();
            }
        }
        return link;
    }

    /** An event as the command side stores it, and the hash-chain link it carries. */
    record Stored(DomainEventMessage<?> message, String link) {
    }

    /** Event {@code sequence} of account {@code id}, linked to {@code chainHead}; a manual freeze if {@code freeze}. */
    static Stored event(String id, int sequence, String chainHead, boolean freeze) {
        Instant at = START.plusSeconds(sequence);
        AccountEvent event = freeze ? freeze(id, at) : event(id, sequence, at);
        String link = HashChain.link(chainHead, sequence, event.occurredAt(), event);
        MetaData metaData = MetaData.with(HashChain.METADATA_KEY, link).and(LoanAccount.ACTOR, event.actor())
                .and(LoanAccount.REQUEST_HASH, Canonical.sha256(event.requestId()));
        return new Stored(new GenericDomainEventMessage<>("LoanAccount", id, sequence, event, metaData), link);
    }

    /**
     * Commits {@code message} alone, as the command side commits a command's event; safe from several threads. It is
     * stored with the time of this call, not the time it was made: the command side stamps an event in the unit of
     * work that commits it, and a write that waited for its turn would otherwise carry its wait into the views' lag
     * and, past Axon's gap timeout (60 s by its stamp), have the readers give up waiting for events committed after
     * it.
     */
    void commitAlone(DomainEventMessage<?> message) {
        DomainEventMessage<?> stamped = new GenericDomainEventMessage<>(message.getType(),
                message.getAggregateIdentifier(), message.getSequenceNumber(), message.getPayload(),
                message.getMetaData(), message.getIdentifier(), Instant.now());
        transactions.executeInTransaction(() -> engine.appendEvents(List.of(stamped)));
    }

    void flush() {
        if (pending.isEmpty()) {
            return;
        }
        List<DomainEventMessage<?>> batch = List.copyOf(pending);
        pending.clear();
        transactions.executeInTransaction(() -> engine.appendEvents(batch));
    }

    long events() {
        flush();
        Long count = new JdbcTemplate(dataSource).queryForObject("SELECT COUNT(*) FROM DomainEventEntry", Long.class);
        return count == null ? 0 : count;
    }

    DataSource dataSource() {
        return dataSource;
    }

    JdbcEventStorageEngine engine() {
        return engine;
    }

    TransactionManager transactions() {
        return transactions;
    }

    Serializer serializer() {
        return serializer;
    }

    private static AccountEvent event(String id, int sequence, Instant at) {
        if (sequence == 0) {
            return new AccountOpened(id, "cust-" + id, "CNY", Money.of("CNY", "1000000.00"), at, "bench-lender", "o-" + id);
        }
        if (sequence % 2 == 1) {
            return new FundsBorrowed(id, "d-" + sequence, TEN, 30, LocalDate.ofInstant(at, ZoneOffset.UTC).plusDays(30),
                    at, "bench-lender", "b-" + id + "-" + sequence);
        }
        return new RepaymentReceived(id, TEN, List.of(new RepaymentAllocation("d-" + (sequence - 1), TEN,
                Money.zero("CNY"), LocalDate.ofInstant(at.minusSeconds(1), ZoneOffset.UTC).plusDays(30), true, true)),
                true, false, at, "bench-lender", "r-" + id + "-" + sequence);
    }

    private static AccountEvent freeze(String id, Instant at) {
        return new AccountFrozen(id, ReasonCode.MANUAL_REVIEW,
                org.loanledger.shared.personal.PersonalText.clear("benchmark review"), at, "bench-ops", "f-" + id);
    }

    @Override
    public void close() {
        flush();
        ((HikariDataSource) dataSource).close();
    }
}
