package org.loanledger.support.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.UUID;
import org.h2.tools.Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

class EmbeddedEventStoreFilesTest {

    @TempDir
    Path dataDir;

    private HikariDataSource dataSource;
    private Server server;

    @AfterEach
    void close() {
        if (server != null) {
            server.stop();
        }
        if (dataSource != null) {
            dataSource.close();
        }
    }

    @Test
    void aReaderOfAnotherProcesssFileFetchesRowsInResponsesOfOneWrite() throws Exception {
        dataSource = (HikariDataSource) EmbeddedEventStoreFiles.dataSource(dataDir.toString(), 2);
        EmbeddedEventStoreFiles.schema(dataSource).afterPropertiesSet();
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        for (int sequence = 0; sequence < 100; sequence++) {
            jdbc.update("INSERT INTO DomainEventEntry (aggregateIdentifier, sequenceNumber, type, eventIdentifier, "
                    + "payload, payloadType, timeStamp) VALUES ('a-1', ?, 'LoanAccount', ?, X'7b7d', 'test', "
                    + "'2026-11-29T00:00:00Z')", sequence, UUID.randomUUID().toString());
        }
        server = Server.createTcpServer("-tcpPort", "0", "-ifExists").start();
        String remoteUrl = "jdbc:h2:tcp://localhost:" + server.getPort() + "/"
                + dataDir.resolve(EmbeddedEventStoreFiles.DATABASE_NAME).toAbsolutePath();

        try (Connection remote = DriverManager.getConnection(remoteUrl, "ledger", "");
             PreparedStatement statement = remote.prepareStatement(
                     "SELECT * FROM DomainEventEntry ORDER BY globalIndex");
             ResultSet rows = statement.executeQuery()) {
            assertThat(statement.getFetchSize()).isEqualTo(EmbeddedEventStoreFiles.REMOTE_FETCH_ROWS);
            assertThat(rows.getFetchSize()).isEqualTo(EmbeddedEventStoreFiles.REMOTE_FETCH_ROWS);
            int read = 0;
            while (rows.next()) {
                read++;
            }
            assertThat(read).isEqualTo(100);
        }
        assertThat(EmbeddedEventStoreFiles.limitRemoteFetchSize()).isEqualTo(EmbeddedEventStoreFiles.REMOTE_FETCH_ROWS);
    }
}
