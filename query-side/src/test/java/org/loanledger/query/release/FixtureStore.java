package org.loanledger.query.release;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.loanledger.shared.json.LedgerJson;
import org.loanledger.support.eventstore.EmbeddedEventStoreFiles;
import org.springframework.jdbc.core.JdbcTemplate;

/** An embedded event store holding the stored-event fixture, row for row as the releases wrote it. */
final class FixtureStore {

    private FixtureStore() {
    }

    static void create(Path dataDir) throws Exception {
        DataSource dataSource = EmbeddedEventStoreFiles.dataSource(dataDir.toString(), 1);
        try {
            EmbeddedEventStoreFiles.schema(dataSource).afterPropertiesSet();
            JdbcTemplate jdbc = new JdbcTemplate(dataSource);
            try (InputStream in = FixtureStore.class.getResourceAsStream("/stored-events/account-history.json")) {
                for (JsonNode entry : LedgerJson.storageMapper().readTree(in)) {
                    jdbc.update("INSERT INTO DomainEventEntry (aggregateIdentifier, sequenceNumber, type, eventIdentifier,"
                                    + " metaData, payload, payloadRevision, payloadType, timeStamp) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                            entry.get("aggregateIdentifier").asText(), entry.get("sequenceNumber").asLong(), "LoanAccount",
                            entry.get("eventIdentifier").asText(),
                            entry.get("metaData").asText().getBytes(StandardCharsets.UTF_8),
                            entry.get("payload").asText().getBytes(StandardCharsets.UTF_8),
                            entry.get("payloadRevision").asText(), entry.get("payloadType").asText(),
                            entry.get("timeStamp").asText());
                }
            }
        } finally {
            ((AutoCloseable) dataSource).close();
        }
    }
}
