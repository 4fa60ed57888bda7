package org.loanledger.query.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedMongoServerTest {

    @TempDir
    Path dataDir;

    @TempDir
    Path afterTheKill;

    /**
     * The file as the operating system holds it while the server runs is what a {@code kill -9} leaves: a copy taken
     * right after {@link EmbeddedMongoServer#commit()} is opened as the next start would open it.
     */
    @Test
    void whatTheServerAcknowledgedBeforeACommitIsInItsFile() throws Exception {
        try (EmbeddedMongoServer server = new EmbeddedMongoServer(dataDir, 4, 2048);
             MongoClient client = MongoClients.create(server.connectionString())) {
            MongoDatabase database = client.getDatabase("loan_ledger");
            database.getCollection("account_limits").insertOne(new Document("_id", "acc-1").append("version", 7L));
            database.getCollection("tracking_tokens").insertOne(new Document("_id", "account-limits-0")
                    .append("position", 41L));

            server.commit();
            Files.copy(dataDir.resolve(EmbeddedMongoServer.FILE_NAME), afterTheKill.resolve(EmbeddedMongoServer.FILE_NAME));
        }

        try (EmbeddedMongoServer restarted = new EmbeddedMongoServer(afterTheKill, 4, 2048);
             MongoClient client = MongoClients.create(restarted.connectionString())) {
            MongoDatabase database = client.getDatabase("loan_ledger");
            Document view = database.getCollection("account_limits").find(Filters.eq("_id", "acc-1")).first();
            Document token = database.getCollection("tracking_tokens").find(Filters.eq("_id", "account-limits-0")).first();
            assertThat(view).as("the view").isNotNull();
            assertThat(view.getLong("version")).isEqualTo(7L);
            assertThat(token).as("the token").isNotNull();
            assertThat(token.getLong("position")).isEqualTo(41L);
        }
    }
}
