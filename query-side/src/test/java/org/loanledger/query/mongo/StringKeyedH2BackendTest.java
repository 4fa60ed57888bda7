package org.loanledger.query.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StringKeyedH2BackendTest {

    @TempDir
    Path dir;

    private String file() {
        return dir.resolve("views.mv").toString();
    }

    /** Runs {@code work} against a server on the given backend, then closes both (the file is committed on close). */
    private static void with(H2Backend backend, Consumer<MongoCollection<Document>> work) {
        MongoServer server = new MongoServer(backend);
        try (MongoClient client = MongoClients.create(server.bindAndGetConnectionString())) {
            work.accept(client.getDatabase("views").getCollection("accounts"));
        } finally {
            server.shutdownNow();
            backend.close();
        }
    }

    private static <T> T read(H2Backend backend, Function<MongoCollection<Document>, T> query) {
        List<T> result = new ArrayList<>(1);
        with(backend, collection -> result.add(query.apply(collection)));
        return result.get(0);
    }

    @Nested
    class ById {

        @Test
        void documentsAreFoundByStringIdAfterReopening() {
            with(new StringKeyedH2Backend(file()), c -> {
                for (int i = 0; i < 50; i++) {
                    c.insertOne(new Document("_id", "acc-" + i).append("version", (long) i));
                }
            });
            Document found = read(new StringKeyedH2Backend(file()), c -> c.find(Filters.eq("_id", "acc-37")).first());
            assertThat(found.getLong("version")).isEqualTo(37L);
        }

        @Test
        void aSecondDocumentWithTheSameIdIsRefused() {
            with(new StringKeyedH2Backend(file()), c -> {
                c.insertOne(new Document("_id", "acc-1"));
                assertThatThrownBy(() -> c.insertOne(new Document("_id", "acc-1")))
                        .isInstanceOf(MongoWriteException.class).hasMessageContaining("duplicate key");
                assertThat(c.countDocuments()).isEqualTo(1);
            });
        }

        @Test
        void upsertsByIdReplaceRatherThanDuplicate() {
            with(new StringKeyedH2Backend(file()), c -> {
                ReplaceOptions upsert = new ReplaceOptions().upsert(true);
                c.bulkWrite(List.of(new ReplaceOneModel<>(Filters.eq("_id", "a"), new Document("_id", "a").append("v", 1), upsert),
                        new ReplaceOneModel<>(Filters.eq("_id", "b"), new Document("_id", "b").append("v", 1), upsert)));
                c.bulkWrite(List.of(new ReplaceOneModel<>(Filters.eq("_id", "a"), new Document("_id", "a").append("v", 2), upsert)));
                assertThat(c.countDocuments()).isEqualTo(2);
                assertThat(c.find(Filters.eq("_id", "a")).first().getInteger("v")).isEqualTo(2);
            });
        }

        @Test
        void anInQueryFindsExactlyTheStoredIds() {
            with(new StringKeyedH2Backend(file()), c -> {
                c.insertMany(List.of(new Document("_id", "a"), new Document("_id", "b"), new Document("_id", "c")));
                List<String> ids = new ArrayList<>();
                c.find(Filters.in("_id", List.of("c", "x", "a"))).forEach(d -> ids.add(d.getString("_id")));
                assertThat(ids).containsExactlyInAnyOrder("a", "c");
            });
        }

        @Test
        void objectIdsAndNumbersKeepMongoEquality() {
            ObjectId id = new ObjectId();
            with(new StringKeyedH2Backend(file()), c -> {
                c.insertOne(new Document("_id", id).append("kind", "object id"));
                c.insertOne(new Document("_id", 7).append("kind", "number"));
                // 7 and 7.0 are one key in MongoDB.
                assertThatThrownBy(() -> c.insertOne(new Document("_id", 7.0)))
                        .isInstanceOf(MongoWriteException.class);
            });
            with(new StringKeyedH2Backend(file()), c -> {
                assertThat(c.find(Filters.eq("_id", id)).first().getString("kind")).isEqualTo("object id");
                assertThat(c.find(Filters.eq("_id", 7L)).first().getString("kind")).isEqualTo("number");
            });
        }

        @Test
        void aDeletedDocumentIsGoneFromTheIndex() {
            with(new StringKeyedH2Backend(file()), c -> {
                c.insertOne(new Document("_id", "a"));
                c.deleteOne(Filters.eq("_id", "a"));
                assertThat(c.find(Filters.eq("_id", "a")).first()).isNull();
                c.insertOne(new Document("_id", "a").append("again", true));
                assertThat(c.find(Filters.eq("_id", "a")).first().getBoolean("again")).isTrue();
            });
        }
    }

    @Nested
    class OtherUniqueIndexes {

        @Test
        void aCompoundUniqueIndexRefusesDuplicatesAndSurvivesReopening() {
            with(new StringKeyedH2Backend(file()), c -> {
                c.createIndex(Indexes.ascending("processorName", "segment"), new IndexOptions().unique(true));
                c.insertOne(new Document("processorName", "limits").append("segment", 0));
            });
            with(new StringKeyedH2Backend(file()), c -> {
                assertThatThrownBy(() -> c.insertOne(new Document("processorName", "limits").append("segment", 0)))
                        .isInstanceOf(MongoWriteException.class);
                c.insertOne(new Document("processorName", "limits").append("segment", 1));
                assertThat(c.countDocuments()).isEqualTo(2);
            });
        }
    }

    @Nested
    class FilesOfTheStockBackend {

        @Test
        void areReadAfterTheirIndexesAreCopiedOver() {
            with(new H2Backend(file()), c -> {
                c.createIndex(Indexes.ascending("name"), new IndexOptions().unique(true));
                for (int i = 0; i < 20; i++) {
                    c.insertOne(new Document("_id", "acc-" + i).append("name", "n" + i));
                }
            });
            with(new StringKeyedH2Backend(file()), c -> {
                assertThat(c.find(Filters.eq("_id", "acc-12")).first().getString("name")).isEqualTo("n12");
                assertThatThrownBy(() -> c.insertOne(new Document("_id", "acc-3")))
                        .isInstanceOf(MongoWriteException.class);
                assertThatThrownBy(() -> c.bulkWrite(List.of(new ReplaceOneModel<>(Filters.eq("_id", "new"),
                        new Document("_id", "new").append("name", "n5"), new ReplaceOptions().upsert(true)))))
                        .isInstanceOf(MongoBulkWriteException.class);
                assertThat(c.countDocuments()).isEqualTo(20);
            });
        }
    }
}
