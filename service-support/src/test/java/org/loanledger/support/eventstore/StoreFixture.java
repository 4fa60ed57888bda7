package org.loanledger.support.eventstore;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.util.UUID;
import javax.sql.DataSource;
import org.h2.tools.Server;
import org.springframework.jdbc.core.JdbcTemplate;

/** An event store file as the services open it, and rows in it, for the tests of this package. */
final class StoreFixture {

    private StoreFixture() {
    }

    /** The store under {@code dataDir}, opened and served by this process, with its tables. */
    static HikariDataSource served(Path dataDir) throws Exception {
        HikariDataSource dataSource = (HikariDataSource) EmbeddedEventStoreFiles.dataSource(dataDir.toString(), 2);
        EmbeddedEventStoreFiles.schema(dataSource).afterPropertiesSet();
        return dataSource;
    }

    /** The URL through which another process reads the store under {@code dataDir} that {@code server} serves. */
    static String remoteUrl(Server server, Path dataDir) {
        return "jdbc:h2:tcp://localhost:" + server.getPort() + "/" + EmbeddedEventStoreFiles.databasePath(dataDir);
    }

    /** Appends {@code events} rows to {@code account}, numbered from 0, with an empty payload. */
    static void append(DataSource dataSource, String account, int events) {
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        for (int sequence = 0; sequence < events; sequence++) {
            jdbc.update("INSERT INTO DomainEventEntry (aggregateIdentifier, sequenceNumber, type, eventIdentifier, "
                            + "payload, payloadType, timeStamp) VALUES (?, ?, 'LoanAccount', ?, X'7b7d', 'test', "
                            + "'2026-11-29T00:00:00Z')",
                    account, sequence, UUID.randomUUID().toString());
        }
    }
}
