package org.loanledger.query.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

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
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import com.mongodb.bulk.BulkWriteResult;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.EmptyIndex;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.Map;
import org.bson.Document;
import org.bson.types.Binary;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ViewStoreBackendTest {

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

    /** How many comparisons with the stock backend this test made: each runs on files of its own. */
    private int comparisons;

    /** What a script of writes answered, and every document it left, in {@code _id} order. */
    private record Written(List<String> answers, List<Document> documents) {
    }

    /**
     * Runs the same writes on the stock H2 backend and on the view store's, asserts that both answered and stored the
     * same, and returns what the view store's did.
     */
    private Written asTheStockBackend(Function<MongoCollection<Document>, List<String>> writes) {
        comparisons++;
        Written stock = written(new H2Backend(dir.resolve("stock-" + comparisons + ".mv").toString()), writes);
        Written views = written(new ViewStoreBackend(dir.resolve("views-" + comparisons + ".mv").toString()), writes);
        assertThat(views.answers()).isEqualTo(stock.answers());
        assertThat(views.documents()).isEqualTo(stock.documents());
        return views;
    }

    private static Written written(H2Backend backend, Function<MongoCollection<Document>, List<String>> writes) {
        List<String> answers = new ArrayList<>();
        List<Document> documents = new ArrayList<>();
        with(backend, c -> {
            answers.addAll(writes.apply(c));
            c.find().sort(new Document("_id", 1)).forEach(documents::add);
        });
        return new Written(answers, documents);
    }

    /** The collection's stored documents by the key H2 keeps them under, read from the closed file. */
    private Map<Object, String> storedIdsByPosition() {
        MVStore store = new MVStore.Builder().fileName(file()).readOnly().open();
        try {
            MVMap<Object, de.bwaldvogel.mongo.bson.Document> data = store.openMap("databases.views.accounts",
                    new MVMap.Builder<Object, de.bwaldvogel.mongo.bson.Document>().valueType(new BsonDocumentType()));
            Map<Object, String> ids = new java.util.LinkedHashMap<>();
            data.forEach((position, document) -> ids.put(position, String.valueOf(document.get("_id"))));
            return ids;
        } finally {
            store.close();
        }
    }

    @Nested
    class Positions {

        @Test
        void newDocumentsAreStoredInTheOrderWrittenWhateverTheirIds() {
            with(new ViewStoreBackend(file()), c -> {
                c.insertOne(new Document("_id", "z/1"));
                c.insertMany(List.of(new Document("_id", "a/7"), new Document("_id", "m/3")));
                c.bulkWrite(List.of(new ReplaceOneModel<>(Filters.eq("_id", "b/2"), new Document("v", 1),
                        new ReplaceOptions().upsert(true))));
            });

            assertThat(storedIdsByPosition()).containsExactly(Map.entry(1L, "z/1"), Map.entry(2L, "a/7"),
                    Map.entry(3L, "m/3"), Map.entry(4L, "b/2"));
            List<Document> found = read(new ViewStoreBackend(file()),
                    c -> c.find(Filters.in("_id", List.of("m/3", "b/2"))).into(new ArrayList<>()));
            assertThat(found).extracting(d -> d.get("_id")).containsExactlyInAnyOrder("m/3", "b/2");
        }

        @Test
        void aNumberIsNeverGivenTwiceAcrossDeletesAndReopening() {
            with(new ViewStoreBackend(file()), c -> {
                c.insertMany(List.of(new Document("_id", "a"), new Document("_id", "b")));
                c.deleteOne(Filters.eq("_id", "b"));
            });
            with(new ViewStoreBackend(file()), c -> {
                c.insertOne(new Document("_id", "c"));
                c.insertOne(new Document("_id", "b").append("again", true));
                assertThat(c.countDocuments()).isEqualTo(3);
                assertThat(c.find(Filters.eq("_id", "b")).first().getBoolean("again")).isTrue();
            });

            assertThat(storedIdsByPosition()).containsExactly(Map.entry(1L, "a"), Map.entry(3L, "c"),
                    Map.entry(4L, "b"));
        }

        @Test
        void aReplacementKeepsTheDocumentWhereItIs() {
            ReplaceOptions upsert = new ReplaceOptions().upsert(true);
            with(new ViewStoreBackend(file()), c -> {
                c.insertMany(List.of(new Document("_id", "a").append("v", 1), new Document("_id", "b").append("v", 1)));
                c.bulkWrite(List.of(new ReplaceOneModel<>(Filters.eq("_id", "a"), new Document("v", 2), upsert)));
                c.replaceOne(Filters.eq("_id", "b"), new Document("v", 3));
            });

            assertThat(storedIdsByPosition()).containsExactly(Map.entry(1L, "a"), Map.entry(2L, "b"));
            List<Document> all = read(new ViewStoreBackend(file()), c -> c.find().into(new ArrayList<>()));
            assertThat(all).extracting(d -> d.getInteger("v")).containsExactly(2, 3);
        }

        @Test
        void documentsStoredUnderTheirIdsByEarlierReleasesAreStillFoundReplacedAndDeleted() {
            with(new H2Backend(file()), c -> {
                for (int i = 0; i < 5; i++) {
                    c.insertOne(new Document("_id", "old-" + i).append("v", i));
                }
            });
            with(new ViewStoreBackend(file()), c -> {
                ReplaceOptions upsert = new ReplaceOptions().upsert(true);
                BulkWriteResult replaced = c.bulkWrite(List.of(
                        new ReplaceOneModel<>(Filters.eq("_id", "old-1"), new Document("v", 10), upsert),
                        new ReplaceOneModel<>(Filters.eq("_id", "new-1"), new Document("v", 20), upsert)));
                assertThat(replaced.getMatchedCount()).isEqualTo(1);
                assertThat(replaced.getUpserts()).hasSize(1);
                c.deleteOne(Filters.eq("_id", "old-3"));
                assertThatThrownBy(() -> c.insertOne(new Document("_id", "old-4")))
                        .isInstanceOf(MongoWriteException.class).hasMessageContaining("duplicate key");
            });

            Map<Object, String> stored = storedIdsByPosition();
            assertThat(stored).containsEntry("old-1", "old-1").containsEntry(1L, "new-1").doesNotContainKey("old-3")
                    .hasSize(5);
            with(new ViewStoreBackend(file()), c -> {
                assertThat(c.find(Filters.eq("_id", "old-1")).first().getInteger("v")).isEqualTo(10);
                assertThat(c.find(Filters.eq("_id", "new-1")).first().getInteger("v")).isEqualTo(20);
                assertThat(c.find(Filters.eq("_id", "old-3")).first()).isNull();
                assertThat(c.countDocuments()).isEqualTo(5);
            });
        }
    }

    @Nested
    class ById {

        @Test
        void documentsAreFoundByStringIdAfterReopening() {
            with(new ViewStoreBackend(file()), c -> {
                for (int i = 0; i < 50; i++) {
                    c.insertOne(new Document("_id", "acc-" + i).append("version", (long) i));
                }
            });
            Document found = read(new ViewStoreBackend(file()), c -> c.find(Filters.eq("_id", "acc-37")).first());
            assertThat(found.getLong("version")).isEqualTo(37L);
        }

        @Test
        void aSecondDocumentWithTheSameIdIsRefused() {
            with(new ViewStoreBackend(file()), c -> {
                c.insertOne(new Document("_id", "acc-1"));
                assertThatThrownBy(() -> c.insertOne(new Document("_id", "acc-1")))
                        .isInstanceOf(MongoWriteException.class).hasMessageContaining("duplicate key");
                assertThat(c.countDocuments()).isEqualTo(1);
            });
        }

        /** Duplicate string ids, alone and among others in an unordered insert, as the driver reports them. */
        private static List<String> duplicates(MongoCollection<Document> c) {
            List<String> errors = new ArrayList<>();
            c.insertOne(new Document("_id", "a").append("v", 1));
            try {
                c.insertOne(new Document("_id", "a").append("v", 2));
            } catch (MongoWriteException e) {
                errors.add(e.getError().getCode() + " " + e.getError().getMessage());
            }
            try {
                c.insertMany(List.of(new Document("_id", "b"), new Document("_id", "a").append("v", 3),
                        new Document("_id", "c"), new Document("_id", "b")),
                        new com.mongodb.client.model.InsertManyOptions().ordered(false));
            } catch (MongoBulkWriteException e) {
                e.getWriteErrors().forEach(error ->
                        errors.add(error.getIndex() + ": " + error.getCode() + " " + error.getMessage()));
            }
            return errors;
        }

        @Test
        void aDuplicateStringIdIsRefusedWithTheStockBackendsErrors() {
            Written views = asTheStockBackend(ById::duplicates);

            assertThat(views.answers()).hasSize(3);
            assertThat(views.answers().get(0)).startsWith("11000 ").contains("dup key: { _id: \"a\" }");
            assertThat(views.answers().get(1)).startsWith("1: 11000 ");
            assertThat(views.answers().get(2)).startsWith("3: 11000 ").contains("\"b\"");
            assertThat(views.documents()).containsExactly(new Document("_id", "a").append("v", 1),
                    new Document("_id", "b"), new Document("_id", "c"));
        }

        @Test
        void upsertsByIdReplaceRatherThanDuplicate() {
            with(new ViewStoreBackend(file()), c -> {
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
            with(new ViewStoreBackend(file()), c -> {
                c.insertMany(List.of(new Document("_id", "a"), new Document("_id", "b"), new Document("_id", "c")));
                List<String> ids = new ArrayList<>();
                c.find(Filters.in("_id", List.of("c", "x", "a"))).forEach(d -> ids.add(d.getString("_id")));
                assertThat(ids).containsExactlyInAnyOrder("a", "c");
            });
        }

        @Test
        void objectIdsAndNumbersKeepMongoEquality() {
            ObjectId id = new ObjectId();
            with(new ViewStoreBackend(file()), c -> {
                c.insertOne(new Document("_id", id).append("kind", "object id"));
                c.insertOne(new Document("_id", 7).append("kind", "number"));
                // 7 and 7.0 are one key in MongoDB.
                assertThatThrownBy(() -> c.insertOne(new Document("_id", 7.0)))
                        .isInstanceOf(MongoWriteException.class);
            });
            with(new ViewStoreBackend(file()), c -> {
                assertThat(c.find(Filters.eq("_id", id)).first().getString("kind")).isEqualTo("object id");
                assertThat(c.find(Filters.eq("_id", 7L)).first().getString("kind")).isEqualTo("number");
            });
        }

        @Test
        void aDeletedDocumentIsGoneFromTheIndex() {
            with(new ViewStoreBackend(file()), c -> {
                c.insertOne(new Document("_id", "a"));
                c.deleteOne(Filters.eq("_id", "a"));
                assertThat(c.find(Filters.eq("_id", "a")).first()).isNull();
                c.insertOne(new Document("_id", "a").append("again", true));
                assertThat(c.find(Filters.eq("_id", "a")).first().getBoolean("again")).isTrue();
            });
        }
    }

    @Nested
    class Documents {

        @Test
        void everyKindOfValueReadsBackFromTheFileAsItWasWritten() {
            Document written = new Document("_id", "acc-1")
                    .append("text", "冻结 frozen").append("int", 42).append("long", 1L << 40).append("double", 2.5)
                    .append("decimal", new Decimal128(new BigDecimal("1234.50")))
                    .append("flag", true).append("nothing", null)
                    .append("date", Date.from(Instant.parse("2026-12-01T10:15:30.123Z")))
                    .append("objectId", new ObjectId("65a1b2c3d4e5f60718293a4b"))
                    .append("bytes", new Binary(new byte[] {1, 2, 3}))
                    .append("nested", new Document("entries", List.of(new Document("seq", 1L), new Document("seq", 2L))))
                    .append("list", List.of("a", 1, 2.0));
            with(new ViewStoreBackend(file()), c -> c.insertOne(written));
            // A new backend has an empty page cache: the document is decoded from the file.
            Document read = read(new ViewStoreBackend(file()), c -> c.find(Filters.eq("_id", "acc-1")).first());
            assertThat(read).isEqualTo(written);
        }

        @Test
        void areStoredAsBsonNotAsSerializedJavaObjects() throws Exception {
            with(new ViewStoreBackend(file()), c -> {
                for (int i = 0; i < 100; i++) {
                    c.insertOne(new Document("_id", "acc-" + i).append("state", "{\"version\":" + i + "}"));
                }
            });
            // Java serialization names the class of every object it writes.
            assertThat(new String(java.nio.file.Files.readAllBytes(Path.of(file())), java.nio.charset.StandardCharsets.ISO_8859_1))
                    .contains("acc-99").doesNotContain("de.bwaldvogel.mongo.bson.Document");
        }

        @Test
        void serializedDocumentsOfAnOlderFileAreReadUpdatedAndRewritten() {
            with(new H2Backend(file()), c -> {
                for (int i = 0; i < 20; i++) {
                    c.insertOne(new Document("_id", "acc-" + i).append("version", (long) i));
                }
            });
            with(new ViewStoreBackend(file()), c -> c.replaceOne(Filters.eq("_id", "acc-4"),
                    new Document("_id", "acc-4").append("version", 400L)));
            with(new ViewStoreBackend(file()), c -> {
                assertThat(c.find(Filters.eq("_id", "acc-4")).first().getLong("version")).isEqualTo(400L);
                assertThat(c.find(Filters.eq("_id", "acc-19")).first().getLong("version")).isEqualTo(19L);
                assertThat(c.countDocuments()).isEqualTo(20);
            });
        }
    }

    @Nested
    class LookupsById {

        @Test
        void anInQueryAnsweredByTheIndexStillHonoursProjectionSkipAndLimit() {
            with(new ViewStoreBackend(file()), c -> {
                for (int i = 0; i < 10; i++) {
                    c.insertOne(new Document("_id", "acc-" + i).append("version", (long) i).append("state", "s" + i));
                }
                List<Document> found = new ArrayList<>();
                c.find(Filters.in("_id", List.of("acc-7", "acc-2", "acc-7", "missing", "acc-5")))
                        .projection(new Document("version", 1)).skip(1).limit(1).into(found);
                assertThat(found).hasSize(1);
                assertThat(found.get(0).keySet()).containsExactly("_id", "version");
                List<Document> all = new ArrayList<>();
                c.find(Filters.in("_id", List.of("acc-7", "acc-2", "acc-7", "missing", "acc-5"))).into(all);
                assertThat(all).extracting(d -> d.getString("_id")).containsExactlyInAnyOrder("acc-7", "acc-2", "acc-5");
                assertThat(c.find(Filters.eq("_id", "missing")).first()).isNull();
            });
        }

        @Test
        void queriesBesidesStringIdsAreMatchedAsBefore() {
            with(new ViewStoreBackend(file()), c -> {
                for (int i = 0; i < 10; i++) {
                    c.insertOne(new Document("_id", "acc-" + i).append("version", (long) i));
                }
                assertThat(c.countDocuments(Filters.and(Filters.in("_id", List.of("acc-1", "acc-8")),
                        Filters.gt("version", 5L)))).isEqualTo(1);
                assertThat(c.countDocuments(Filters.in("_id", List.of("acc-1", 8)))).isEqualTo(1);
                assertThat(c.countDocuments(Filters.gte("_id", "acc-5"))).isEqualTo(5);
            });
        }

        @Test
        void onlyPlainStringIdQueriesTakeTheIndexAlone() {
            assertThat(ViewStoreBackend.isByStringIds(new de.bwaldvogel.mongo.bson.Document("_id", "a"))).isTrue();
            assertThat(ViewStoreBackend.isByStringIds(new de.bwaldvogel.mongo.bson.Document("_id",
                    new de.bwaldvogel.mongo.bson.Document("$in", List.of("a", "b"))))).isTrue();
            assertThat(ViewStoreBackend.isByStringIds(new de.bwaldvogel.mongo.bson.Document("_id",
                    new de.bwaldvogel.mongo.bson.Document("$in", List.of("a", 1))))).isFalse();
            assertThat(ViewStoreBackend.isByStringIds(new de.bwaldvogel.mongo.bson.Document("_id",
                    new de.bwaldvogel.mongo.bson.Document("$gt", "a")))).isFalse();
            assertThat(ViewStoreBackend.isByStringIds(new de.bwaldvogel.mongo.bson.Document("_id", "a")
                    .append("version", 1))).isFalse();
            assertThat(ViewStoreBackend.isByStringIds(new de.bwaldvogel.mongo.bson.Document("_id", 7))).isFalse();
        }
    }

    @Nested
    class ReplacementsById {

        private final ReplaceOptions upsert = new ReplaceOptions().upsert(true);

        /** One step of writes, answered as the driver reports it: matched, modified and upserted ids, or the error. */
        private String outcome(MongoCollection<Document> c, List<WriteModel<Document>> writes) {
            try {
                BulkWriteResult result = c.bulkWrite(writes);
                return "matched " + result.getMatchedCount() + ", modified " + result.getModifiedCount() + ", upserted "
                        + result.getUpserts().stream().map(u -> u.getId().asString().getValue()).toList();
            } catch (MongoBulkWriteException e) {
                return "error " + e.getWriteErrors().get(0).getCode();
            }
        }

        private List<List<WriteModel<Document>>> steps() {
            Document nested = new Document("amount", new Decimal128(new BigDecimal("1500.00")))
                    .append("tags", List.of("a", "b"));
            return List.of(
                    List.of(new ReplaceOneModel<>(Filters.eq("_id", "a"), new Document("_id", "a").append("v", 1), upsert),
                            new ReplaceOneModel<>(Filters.eq("_id", "b"), new Document("v", 1).append("n", nested), upsert)),
                    // The same document again: matched, not modified.
                    List.of(new ReplaceOneModel<>(Filters.eq("_id", "a"), new Document("_id", "a").append("v", 1), upsert)),
                    List.of(new ReplaceOneModel<>(Filters.eq("_id", "b"), new Document("v", 2), upsert)),
                    // Absent and no upsert: nothing matched, nothing written.
                    List.of(new ReplaceOneModel<>(Filters.eq("_id", "c"), new Document("v", 1))),
                    // Fields the old document had and the new one has not are gone.
                    List.of(new ReplaceOneModel<>(Filters.eq("_id", "a"), new Document("w", "x"), upsert)),
                    // Another id in the replacement is refused, as MongoDB refuses it.
                    List.of(new ReplaceOneModel<>(Filters.eq("_id", "a"), new Document("_id", "z").append("v", 3), upsert)),
                    // Update operators and other selectors take the stock path.
                    List.of(new UpdateOneModel<>(Filters.eq("_id", "b"), Updates.set("v", 5))),
                    List.of(new ReplaceOneModel<>(Filters.and(Filters.eq("_id", "b"), Filters.eq("v", 5)),
                            new Document("v", 6), upsert)));
        }

        private List<String> run(MongoCollection<Document> c) {
            List<String> outcomes = new ArrayList<>();
            for (List<WriteModel<Document>> step : steps()) {
                outcomes.add(outcome(c, step));
            }
            return outcomes;
        }

        @Test
        void answerAndStoreWhatTheStockBackendAnswersAndStores() {
            Written views = asTheStockBackend(this::run);

            assertThat(views.answers()).containsExactly(
                    "matched 0, modified 0, upserted [a, b]",
                    "matched 1, modified 0, upserted []",
                    "matched 1, modified 1, upserted []",
                    "matched 0, modified 0, upserted []",
                    "matched 1, modified 1, upserted []",
                    "error 66",
                    "matched 1, modified 1, upserted []",
                    "matched 1, modified 1, upserted []");
            assertThat(views.documents()).containsExactly(new Document("_id", "a").append("w", "x"),
                    new Document("_id", "b").append("v", 6));
        }

        @Test
        void answerAndStoreTheSameBesideANonUniqueIndex() {
            Written plain = asTheStockBackend(this::run);
            Written views = asTheStockBackend(c -> {
                c.createIndex(Indexes.ascending("v", "_id"));
                return run(c);
            });

            assertThat(views).isEqualTo(plain);
        }

        @Test
        void skipTheIndexesOnlyWhenNoIndexButIdsHoldsKeys() {
            Index<?> nonUnique = new EmptyIndex<>("v_1", List.of(new IndexKey("v", true)));
            Index<?> ids = mock(Index.class);
            when(ids.getName()).thenReturn("_id_");
            Index<?> unique = mock(Index.class);
            when(unique.getName()).thenReturn("name_1");

            assertThat(ViewStoreBackend.onlyTheIdIndexHoldsKeys(List.of(ids))).isTrue();
            assertThat(ViewStoreBackend.onlyTheIdIndexHoldsKeys(List.of(ids, nonUnique))).isTrue();
            assertThat(ViewStoreBackend.onlyTheIdIndexHoldsKeys(List.of(ids, nonUnique, unique))).isFalse();
        }

        @Test
        void areReadBackFromTheFileAfterReopening() {
            with(new ViewStoreBackend(file()), c -> {
                c.bulkWrite(List.of(new ReplaceOneModel<>(Filters.eq("_id", "a"), new Document("v", 1), upsert)));
                c.bulkWrite(List.of(new ReplaceOneModel<>(Filters.eq("_id", "a"), new Document("v", 2), upsert)));
            });
            Document found = read(new ViewStoreBackend(file()), c -> c.find(Filters.eq("_id", "a")).first());
            assertThat(found).isEqualTo(new Document("_id", "a").append("v", 2));
        }

        @Test
        void stillHonourAnotherUniqueIndex() {
            with(new ViewStoreBackend(file()), c -> {
                c.createIndex(Indexes.ascending("name"), new IndexOptions().unique(true));
                c.insertMany(List.of(new Document("_id", "a").append("name", "n1"),
                        new Document("_id", "b").append("name", "n2")));
                assertThatThrownBy(() -> c.replaceOne(Filters.eq("_id", "b"), new Document("name", "n1")))
                        .isInstanceOf(MongoWriteException.class).hasMessageContaining("duplicate key");
                c.replaceOne(Filters.eq("_id", "b"), new Document("name", "n3"));
                assertThat(c.countDocuments(Filters.eq("name", "n1"))).isEqualTo(1);
                assertThat(c.find(Filters.eq("name", "n3")).first().getString("_id")).isEqualTo("b");
            });
        }
    }

    @Nested
    class OtherUniqueIndexes {

        @Test
        void aCompoundUniqueIndexRefusesDuplicatesAndSurvivesReopening() {
            with(new ViewStoreBackend(file()), c -> {
                c.createIndex(Indexes.ascending("processorName", "segment"), new IndexOptions().unique(true));
                c.insertOne(new Document("processorName", "limits").append("segment", 0));
            });
            with(new ViewStoreBackend(file()), c -> {
                assertThatThrownBy(() -> c.insertOne(new Document("processorName", "limits").append("segment", 0)))
                        .isInstanceOf(MongoWriteException.class);
                c.insertOne(new Document("processorName", "limits").append("segment", 1));
                assertThat(c.countDocuments()).isEqualTo(2);
            });
        }
    }

    @Nested
    class WriteBuffer {

        @Test
        void changesBeyondItAreWrittenToTheFileWithoutWaitingForTheSecond() {
            ViewStoreBackend backend = new ViewStoreBackend(file(), 4, 64);
            MVStore store = backend.getMvStore();
            assertThat(store.getAutoCommitMemory()).isEqualTo(64 * 1024);
            long before = store.getCurrentVersion();
            with(backend, c -> {
                // Two batches of 500 history-sized entries, inserted as a rebuild inserts them: about 2 MB as H2
                // counts documents in memory, in well under the second after which H2 writes on its own.
                String fields = "x".repeat(900);
                for (int batch = 0; batch < 2; batch++) {
                    List<Document> entries = new ArrayList<>();
                    for (int i = 0; i < 500; i++) {
                        entries.add(new Document("_id", "acc-" + i + "/" + batch).append("fields", fields));
                    }
                    c.insertMany(entries);
                }
                assertThat(store.getCurrentVersion() - before).as("versions written while inserting")
                        .isGreaterThanOrEqualTo(8);
                assertThat(c.countDocuments()).isEqualTo(1000);
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
            with(new ViewStoreBackend(file()), c -> {
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
