package org.loanledger.query.mongo;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.AbstractUniqueIndex;
import de.bwaldvogel.mongo.backend.ArrayFilters;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.EmptyIndex;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.DuplicateKeyError;
import de.bwaldvogel.mongo.oplog.Oplog;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map.Entry;
import java.util.Objects;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * mongo-java-server's H2 backend, made fit to hold the views: three of its costs, each measured as a large share of
 * the query side's CPU, are taken out without changing what any query or write answers.
 *
 * <ul>
 *   <li><b>Unique indexes keyed by strings.</b> The stock backend keys an index by {@code KeyValue} objects, which
 *       H2's MVStore can only compare by Java-serializing both sides, at every step of every B-tree search. Here a
 *       key is one string: the value itself when the key is a single string (every view's {@code _id}), otherwise
 *       the Base64 of its serialized form, which is the equality the stock index had.</li>
 *   <li><b>Documents stored as BSON</b> ({@link BsonDocumentType}) rather than Java-serialized.</li>
 *   <li><b>Lookups by {@code _id} answered by the index alone.</b> The stock backend finds the documents of
 *       {@code {_id: {$in: [...]}}} through the index and then matches each against the whole query again, comparing
 *       its id with every id of the list: a view's prefetch of 500 accounts cost 250,000 comparisons. A document the
 *       unique {@code _id} index returns for a string id has that id, so there is nothing left to check.</li>
 *   <li><b>Documents stored in the order they are written.</b> The stock backend stores each document under its
 *       {@code _id}, so a view whose writes come in another order than its ids (the history of many accounts
 *       borrowing at once) changes pages all over its map, and H2 writes every changed page out whole, about 48
 *       documents for each one written. Here a document is stored under the next number of its collection, as
 *       MongoDB's record ids are, and found through the {@code _id} index: new documents fill the last page, and
 *       what is rewritten out of order is only the index's short entries. Documents already stored under their id
 *       stay there, and the index finds either.</li>
 *   <li><b>Replacements by {@code _id} stored directly.</b> Every view writes by replacing a document by its string
 *       {@code _id}. The stock backend runs such a replacement through its general update: it looks the document
 *       up, copies it deeply, builds the new one field by field, matches it against the selector again, asks every
 *       index twice whether its keys changed and finds the document's position once more. With {@code _id} the only
 *       index and the replacement keeping that id, none of it can change the outcome: the new document is stored
 *       under the id, and the answer ({@code n}, {@code nModified}, {@code upserted}) is the stock one.</li>
 * </ul>
 * It also keeps no running total of each collection's size (only {@code collStats} reads it; the stock backend
 * re-encoded every document it wrote to count its bytes), and lets the page cache be sized.
 *
 * <p>Files written by the stock backend or an earlier release open as they are: indexes kept in the stock form are
 * copied over once, when the database is opened, and Java-serialized documents are read and rewritten as BSON with
 * their page.
 */
final class ViewStoreBackend extends H2Backend {

    private static final String INDEX_MAP_MARKER = "._sindex_";
    private static final String STOCK_INDEX_MAP_MARKER = "._index_";
    private static final String DATA_MAP_PREFIX = "databases.";
    private static final String META_MAP_PREFIX = "meta.";
    private static final String ID_INDEX = "_id_";
    private static final String ID_FIELD = "_id";
    /** The meta map's entry holding the number under which a collection last stored a document. */
    private static final String LAST_POSITION = "lastPosition";

    /** The service's page cache by default ({@code ledger.mongodb.embedded-cache-mb}), in megabytes. */
    static final int DEFAULT_CACHE_MEGABYTES = 4;

    /**
     * How much of the views' changes H2 holds in memory before it writes them to the file, by default
     * ({@code ledger.mongodb.embedded-write-buffer-kb}), in kilobytes of H2's estimate of their size in memory.
     */
    static final int DEFAULT_WRITE_BUFFER_KILOBYTES = 2048;

    ViewStoreBackend(String fileName) {
        this(fileName, DEFAULT_CACHE_MEGABYTES, DEFAULT_WRITE_BUFFER_KILOBYTES);
    }

    /**
     * @param cacheMegabytes       how much of the views H2 keeps decoded in memory; what does not fit is read back
     *                             from the file, which BSON makes cheap
     * @param writeBufferKilobytes how much of the changes H2 holds in memory before it writes them out, whatever the
     *                             time since it last did. A change holds its page, and each document on it decoded,
     *                             until it is written. H2's own bound is 64 MB per GB of heap, at most 19 MB: 14 MB in
     *                             the service's 240 MB, a second of a history rebuild, long enough for every young
     *                             collection to copy it and the old generation to fill with it (query-side/BENCHMARKS.md)
     */
    ViewStoreBackend(String fileName, int cacheMegabytes, int writeBufferKilobytes) {
        super(new MVStore.Builder().fileName(fileName).cacheSize(cacheMegabytes)
                .autoCommitBufferSize(writeBufferKilobytes).open());
    }

    @Override
    protected MongoDatabase openOrCreateDatabase(String databaseName) {
        return new ViewDatabase(databaseName);
    }

    /** An inner class, so that the store is reachable while the superclass constructor opens the collections. */
    private final class ViewDatabase extends H2Database {

        ViewDatabase(String databaseName) {
            super(databaseName, getMvStore(), getCursorRegistry());
        }

        @Override
        protected de.bwaldvogel.mongo.MongoCollection<Object> openOrCreateCollection(String collectionName,
                                                                                    CollectionOptions options) {
            String namespace = getFullCollectionNamespace(collectionName);
            MVMap<Object, Document> dataMap = getMvStore().openMap(DATA_MAP_PREFIX + namespace,
                    new MVMap.Builder<Object, Document>().valueType(new BsonDocumentType()));
            MVMap<String, Object> metaMap = getMvStore().openMap(META_MAP_PREFIX + namespace);
            return new ViewCollection(this, collectionName, options, dataMap, metaMap);
        }

        @Override
        protected Index<Object> openOrCreateUniqueIndex(String collectionName, String indexName, List<IndexKey> keys,
                                                        boolean sparse) {
            MVStore store = getMvStore();
            String namespace = getFullCollectionNamespace(collectionName);
            MVMap<String, Object> map = store.openMap(namespace + INDEX_MAP_MARKER + indexName);
            String stockName = namespace + STOCK_INDEX_MAP_MARKER + indexName;
            if (store.hasMap(stockName)) {
                MVMap<KeyValue, Object> stock = store.openMap(stockName);
                stock.forEach((key, position) -> map.put(StringKeys.encode(key), position));
                store.removeMap(stock);
            }
            return new StringKeyedUniqueIndex(map, indexName, keys, sparse);
        }

        @Override
        protected void dropIndex(de.bwaldvogel.mongo.MongoCollection<Object> collection, String indexName) {
            super.dropIndex(collection, indexName);
            MVStore store = getMvStore();
            String name = getFullCollectionNamespace(collection.getCollectionName()) + INDEX_MAP_MARKER + indexName;
            if (store.hasMap(name)) {
                store.removeMap(name);
            }
        }
    }

    private final class ViewCollection extends H2Collection {

        private static final Document EVERYTHING = new Document();

        private final MVMap<Object, Document> dataMap;
        private final MVMap<String, Object> metaMap;

        ViewCollection(MongoDatabase database, String collectionName, CollectionOptions options,
                       MVMap<Object, Document> dataMap, MVMap<String, Object> metaMap) {
            super(database, collectionName, options, dataMap, metaMap, getCursorRegistry());
            this.dataMap = dataMap;
            this.metaMap = metaMap;
        }

        /**
         * Stores a new document under the collection's next number. The number is kept in the meta map, which H2
         * commits with the documents and the index, so no number is ever given twice, even after a crash.
         */
        @Override
        protected Object addDocumentInternal(Document document) {
            long position = ((Number) metaMap.getOrDefault(LAST_POSITION, 0L)).longValue() + 1;
            metaMap.put(LAST_POSITION, position);
            Document previous = dataMap.putIfAbsent(position, document);
            if (previous != null) {
                throw new IllegalStateException("position " + position + " of " + this + " is taken");
            }
            return position;
        }

        @Override
        protected QueryResult queryDocuments(Document query, Document orderBy, int numberToSkip, int limit,
                                             int batchSize, Document fieldSelector) {
            Index<Object> ids = isByStringIds(query) ? idIndex() : null;
            if (ids == null) {
                return super.queryDocuments(query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
            }
            Stream<Document> found = StreamSupport.stream(ids.getPositions(query).spliterator(), false)
                    .map(this::getDocument)
                    .filter(Objects::nonNull);
            return matchDocumentsFromStream(found, EVERYTHING, orderBy, numberToSkip, limit, batchSize, fieldSelector);
        }

        @Override
        public synchronized Document updateDocuments(Document selector, Document update, ArrayFilters arrayFilters,
                                                     boolean isMulti, boolean isUpsert, Oplog oplog) {
            if (isMulti || !isReplacementById(selector, update) || !onlyTheIdIndexHoldsKeys(getIndexes())
                    || !(idIndex() instanceof StringKeyedUniqueIndex ids)) {
                return super.updateDocuments(selector, update, arrayFilters, isMulti, isUpsert, oplog);
            }
            String id = (String) selector.get(ID_FIELD);
            Document replacement = new Document(ID_FIELD, id);
            update.forEach((field, value) -> {
                if (!field.equals(ID_FIELD)) {
                    replacement.put(field, value);
                }
            });
            Utils.validateFieldNames(replacement);
            Document result = new Document();
            Object position = ids.positionOf(id);
            Document stored = position == null ? null : getDocument(position);
            if (stored == null) {
                if (isUpsert) {
                    addDocument(replacement);
                    result.put("upserted", id);
                    oplog.handleInsert(getFullName(), List.of(replacement));
                } else {
                    oplog.handleUpdate(getFullName(), selector, update, List.of());
                }
                result.put("n", 0);
                result.put("nModified", 0);
                return result;
            }
            boolean modified = !replacement.equals(stored);
            if (modified) {
                handleUpdate(position, stored, replacement);
            }
            oplog.handleUpdate(getFullName(), selector, update, modified ? List.of(id) : List.of());
            result.put("n", 1);
            result.put("nModified", modified ? 1 : 0);
            return result;
        }

        @Override
        protected boolean tracksDataSize() {
            return false;
        }

        private Index<Object> idIndex() {
            for (Index<Object> index : getIndexes()) {
                if (index.getName().equals(ID_INDEX)) {
                    return index;
                }
            }
            return null;
        }
    }

    /**
     * {@code {_id: "..."}} replaced by a document of plain fields (no update operators) that keeps that {@code _id}
     * or has none: how every view writes.
     */
    static boolean isReplacementById(Document selector, Document update) {
        if (selector.size() != 1 || !(selector.get(ID_FIELD) instanceof String id)) {
            return false;
        }
        if (update.containsKey(ID_FIELD) && !id.equals(update.get(ID_FIELD))) {
            return false;
        }
        for (String field : update.keySet()) {
            if (field.startsWith("$")) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether no index but {@code _id}'s keeps any key. The embedded server accepts non-unique indexes and keeps
     * nothing in them ({@link EmptyIndex}: queries scan), so a replacement that keeps its {@code _id} has no index to
     * check or change. The restricted-accounts and appeals views declare such indexes for MongoDB proper.
     */
    static boolean onlyTheIdIndexHoldsKeys(List<? extends Index<?>> indexes) {
        for (Index<?> index : indexes) {
            if (!index.getName().equals(ID_INDEX) && !(index instanceof EmptyIndex)) {
                return false;
            }
        }
        return true;
    }

    /** {@code {_id: "..."}} or {@code {_id: {$in: ["...", ...]}}}: what every view reads and writes by. */
    static boolean isByStringIds(Document query) {
        if (query.size() != 1 || !query.containsKey(ID_FIELD)) {
            return false;
        }
        Object value = query.get(ID_FIELD);
        if (value instanceof String) {
            return true;
        }
        return value instanceof Document operator && operator.size() == 1
                && operator.get("$in") instanceof Collection<?> values
                && values.stream().allMatch(String.class::isInstance);
    }

    private static final class StringKeyedUniqueIndex extends AbstractUniqueIndex<Object> {

        private final MVMap<String, Object> map;
        /** Whether this is the {@code _id} index, whose string keys {@link #checkAdd} and {@link #add} take directly. */
        private final boolean onId;

        StringKeyedUniqueIndex(MVMap<String, Object> map, String name, List<IndexKey> keys, boolean sparse) {
            super(name, keys, sparse);
            this.map = map;
            this.onId = !sparse && keys.size() == 1 && keys.get(0).getKey().equals(ID_FIELD);
        }

        @Override
        protected Object removeDocument(KeyValue keyValue) {
            return map.remove(StringKeys.encode(keyValue));
        }

        @Override
        protected boolean putKeyPosition(KeyValue keyValue, Object position) {
            return map.putIfAbsent(StringKeys.encode(keyValue), Missing.ofNullable(position)) == null;
        }

        @Override
        protected Iterable<Entry<KeyValue, Object>> getIterable() {
            return () -> StreamSupport.stream(map.entrySet().spliterator(), false)
                    .<Entry<KeyValue, Object>>map(e -> new SimpleImmutableEntry<>(StringKeys.decode(e.getKey()), e.getValue()))
                    .iterator();
        }

        @Override
        protected Object getPosition(KeyValue keyValue) {
            return map.get(StringKeys.encode(keyValue));
        }

        /** Where the document of a string {@code _id} is stored, or null. */
        Object positionOf(String id) {
            return map.get(StringKeys.encodeString(id));
        }

        /**
         * A new document's string {@code _id} checked straight against the map. The stock check derives the key by
         * splitting the field path with a regular expression and streams, and an insert checks twice: that was a
         * tenth of what the embedded server allocated while the views followed the stream. Any other key goes the
         * stock way.
         */
        @Override
        public synchronized void checkAdd(Document document, de.bwaldvogel.mongo.MongoCollection<Object> collection) {
            if (!onId || !(document.get(ID_FIELD) instanceof String id)) {
                super.checkAdd(document, collection);
            } else if (positionOf(id) != null) {
                throw new DuplicateKeyError(this, collection, getKeys(), new KeyValue(id));
            }
        }

        @Override
        public synchronized void add(Document document, Object position,
                                     de.bwaldvogel.mongo.MongoCollection<Object> collection) {
            if (!onId || !(document.get(ID_FIELD) instanceof String id)) {
                super.add(document, position, collection);
                return;
            }
            KeyValue key = new KeyValue(id);
            if (!putKeyPosition(key, position)) {
                throw new DuplicateKeyError(this, collection, getKeys(), key);
            }
        }

        @Override
        public long getCount() {
            return map.sizeAsLong();
        }

        @Override
        public boolean isEmpty() {
            return map.isEmpty();
        }

        @Override
        public long getDataSize() {
            return getCount();
        }
    }

    /** The string form of an index key: one prefix character says which encoding follows. */
    static final class StringKeys {

        private static final char STRING = 's';
        private static final char SERIALIZED = 'j';

        private StringKeys() {
        }

        static String encode(KeyValue key) {
            if (key.size() == 1 && key.get(0) instanceof String value) {
                return encodeString(value);
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                out.writeObject(key);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return SERIALIZED + Base64.getEncoder().encodeToString(bytes.toByteArray());
        }

        static String encodeString(String value) {
            return STRING + value;
        }

        static KeyValue decode(String encoded) {
            if (encoded.charAt(0) == STRING) {
                return new KeyValue(encoded.substring(1));
            }
            byte[] bytes = Base64.getDecoder().decode(encoded.substring(1));
            try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
                return (KeyValue) in.readObject();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException("an index key of the view store is not readable", e);
            }
        }
    }
}
