package org.loanledger.support.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import org.h2.tools.Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
        dataSource = StoreFixture.served(dataDir);
        StoreFixture.append(dataSource, "a-1", 100);
        server = Server.createTcpServer("-tcpPort", "0", "-ifExists").start();
        String remoteUrl = StoreFixture.remoteUrl(server, dataDir);

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
