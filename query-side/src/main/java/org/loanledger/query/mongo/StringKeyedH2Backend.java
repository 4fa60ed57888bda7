package org.loanledger.query.mongo;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.AbstractUniqueIndex;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.Base64;
import java.util.List;
import java.util.Map.Entry;
import java.util.stream.StreamSupport;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * mongo-java-server's H2 backend with unique indexes keyed by strings.
 *
 * <p>The stock backend keys an index by its {@code KeyValue} objects, which H2's MVStore can only compare by
 * Java-serializing both sides: every step of every B-tree search serialized two objects, and the {@code _id} index
 * behind each view read and upsert cost more than the rest of the write. Here a key is one string: the value
 * itself when the key is a single string (every view's {@code _id}), otherwise the Base64 of its serialized form,
 * which is the equality the stock index had. Indexes kept in the stock form by an older file are copied over once,
 * when the database is opened.
 */
final class StringKeyedH2Backend extends H2Backend {

    private static final String INDEX_MAP_MARKER = "._sindex_";
    private static final String STOCK_INDEX_MAP_MARKER = "._index_";

    StringKeyedH2Backend(String fileName) {
        super(fileName);
    }

    @Override
    protected MongoDatabase openOrCreateDatabase(String databaseName) {
        return new StringKeyedDatabase(databaseName);
    }

    /** An inner class, so that the store is reachable while the superclass constructor opens the indexes. */
    private final class StringKeyedDatabase extends H2Database {

        StringKeyedDatabase(String databaseName) {
            super(databaseName, getMvStore(), getCursorRegistry());
        }

        @Override
        protected de.bwaldvogel.mongo.backend.Index<Object> openOrCreateUniqueIndex(String collectionName,
                String indexName, List<IndexKey> keys, boolean sparse) {
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

    private static final class StringKeyedUniqueIndex extends AbstractUniqueIndex<Object> {

        private final MVMap<String, Object> map;

        StringKeyedUniqueIndex(MVMap<String, Object> map, String name, List<IndexKey> keys, boolean sparse) {
            super(name, keys, sparse);
            this.map = map;
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
                return STRING + value;
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                out.writeObject(key);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return SERIALIZED + Base64.getEncoder().encodeToString(bytes.toByteArray());
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
