package org.loanledger.support.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.h2.mvstore.MVStore;
import org.h2.tools.Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.datasource.DelegatingDataSource;

class H2StoreCompactorTest {

    /**
     * Commits of one row each: with WRITE_DELAY=0 each writes a chunk of its own, leaving the earlier ones sparse;
     * a compaction pass after each round.
     */
    private static final int ROUNDS = 20;
    private static final int COMMITS_PER_ROUND = 100;

    @TempDir
    Path dataDir;

    private HikariDataSource served;
    private HikariDataSource reader;
    private Server server;

    @AfterEach
    void close() {
        if (reader != null) {
            reader.close();
        }
        if (server != null) {
            server.stop();
        }
        if (served != null) {
            served.close();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {50, 80})
    void theProcessServingTheFileKeepsItCompact(int targetFillRate, @TempDir Path uncompactedDir) throws Exception {
        served = StoreFixture.served(dataDir);
        H2StoreCompactor compactor = new H2StoreCompactor(served, 250, targetFillRate);
        long uncompacted;
        try (HikariDataSource alone = StoreFixture.served(uncompactedDir)) {
            for (int round = 0; round < ROUNDS; round++) {
                StoreFixture.append(served, "a-" + round, COMMITS_PER_ROUND);
                assertThat(compactor.compactOnce()).as("this process serves the file").isTrue();
                StoreFixture.append(alone, "a-" + round, COMMITS_PER_ROUND);
            }
            uncompacted = store(alone).getFileStore().size();
        }

        // Measured: about 1.4 MB at either target, against 7.3 MB uncompacted.
        assertThat(store(served).getFileStore().size()).isLessThan(uncompacted / 3);
    }

    @Test
    void everyRoundForcesTheFileToDiskEvenWithNothingToCompact() throws Exception {
        ForceCountingFilePath.register();
        served = pool("jdbc:h2:" + ForceCountingFilePath.SCHEME + ":" + EmbeddedEventStoreFiles.databasePath(dataDir)
                + ";WRITE_DELAY=0;RETENTION_TIME=0");
        EmbeddedEventStoreFiles.schema(served).afterPropertiesSet();
        StoreFixture.append(served, "a", 10);
        H2StoreCompactor compactor = new H2StoreCompactor(served, 250, 50);
        assertThat(compactor.compactOnce()).as("this process serves the file").isTrue();
        long compacted = store(served).getFileStore().size();

        int before = ForceCountingFilePath.FORCES.get();
        assertThat(compactor.compactOnce()).isTrue();

        assertThat(store(served).getFileStore().size()).as("nothing left to compact").isEqualTo(compacted);
        assertThat(ForceCountingFilePath.FORCES.get() - before).isEqualTo(1);
    }

    @Test
    void aProcessReadingAnotherOnesFileLeavesItAlone() throws Exception {
        served = StoreFixture.served(dataDir);
        server = Server.createTcpServer("-tcpPort", "0", "-ifExists").start();
        reader = pool(StoreFixture.remoteUrl(server, dataDir));

        assertThat(new H2StoreCompactor(reader, 250, 80).compactOnce()).isFalse();
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void anOutageOfTheStoreIsLoggedOnceAndItsEndOnce(CapturedOutput log) throws Exception {
        served = StoreFixture.served(dataDir);
        AtomicBoolean away = new AtomicBoolean(true);
        DataSource flaky = new DelegatingDataSource(served) {
            @Override
            public Connection getConnection() throws SQLException {
                if (away.get()) {
                    throw new SQLNonTransientConnectionException("the store is away");
                }
                return super.getConnection();
            }
        };
        H2StoreCompactor compactor = new H2StoreCompactor(flaky, 250, 80);

        for (int pass = 0; pass < 5; pass++) {
            assertThat(compactor.compactOnce()).isFalse();
        }
        away.set(false);
        assertThat(compactor.compactOnce()).isTrue();
        assertThat(compactor.compactOnce()).isTrue();

        assertThat(log.getAll().split("H2 compaction pass failed", -1)).hasSize(2);
        assertThat(log.getAll()).contains("H2 compaction passes succeed again, after 5 failed");
    }

    /** A pool of one connection to {@code url}. */
    private static HikariDataSource pool(String url) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername("ledger");
        config.setPassword("");
        config.setMaximumPoolSize(1);
        return new HikariDataSource(config);
    }

    private static MVStore store(HikariDataSource dataSource) throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            return EmbeddedEventStoreFiles.servedStore(connection).orElseThrow();
        }
    }
}
