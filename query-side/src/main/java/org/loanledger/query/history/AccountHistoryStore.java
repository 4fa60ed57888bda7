package org.loanledger.query.history;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.WriteModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.Document;
import org.loanledger.query.projection.PendingWrites;
import org.springframework.stereotype.Component;

/**
 * The account-history collection. Entries live in buckets of {@link #BUCKET_SIZE} consecutive sequences per
 * account, {@code _id = accountId/bucket}, each entry under its sequence: a page is a few reads by {@code _id},
 * and writing an entry again under the same key (a redelivered event) changes nothing.
 */
@Component
public class AccountHistoryStore {

    public static final String COLLECTION = "account_history";

    /** Entries per bucket: a 500-entry page touches at most six documents, and a bucket stays well under 1 MB. */
    public static final int BUCKET_SIZE = 100;

    private static final String ENTRIES = "entries";
    private static final UpdateOptions UPSERT = new UpdateOptions().upsert(true);

    private final MongoCollection<Document> collection;

    public AccountHistoryStore(MongoDatabase viewDatabase) {
        this.collection = viewDatabase.getCollection(COLLECTION);
    }

    public Writes newWrites() {
        return new Writes();
    }

    /** The entries after {@code after} (exclusive), oldest first, at most {@code limit}; empty if the account has none. */
    public Optional<List<Document>> page(String accountId, long after, int limit) {
        long first = after + 1;
        long last = after + limit;
        List<Document> entries = new ArrayList<>(limit);
        boolean any = false;
        for (long bucket = first / BUCKET_SIZE; bucket <= last / BUCKET_SIZE; bucket++) {
            Document document = collection.find(Filters.eq("_id", id(accountId, bucket))).first();
            if (document == null) {
                break;
            }
            any = true;
            Document stored = document.get(ENTRIES, Document.class);
            for (long sequence = Math.max(first, bucket * BUCKET_SIZE);
                 sequence <= Math.min(last, bucket * BUCKET_SIZE + BUCKET_SIZE - 1); sequence++) {
                Document entry = stored.get(Long.toString(sequence), Document.class);
                if (entry == null) {
                    return Optional.of(entries);
                }
                entries.add(entry);
            }
        }
        if (!any && !exists(accountId)) {
            return Optional.empty();
        }
        return Optional.of(entries);
    }

    public boolean exists(String accountId) {
        return collection.find(Filters.eq("_id", id(accountId, 0))).projection(new Document("_id", 1)).first() != null;
    }

    /** Whether the entry of event {@code sequence} is there; -1 or the sequence, as the minVersion wait reads it. */
    public long versionAtLeast(String accountId, long sequence) {
        Document document = collection.find(Filters.eq("_id", id(accountId, sequence / BUCKET_SIZE)))
                .projection(new Document(ENTRIES + "." + sequence + "." + HistoryEntry.SEQUENCE, 1)).first();
        if (document == null) {
            return -1;
        }
        Document entries = document.get(ENTRIES, Document.class);
        return entries != null && entries.containsKey(Long.toString(sequence)) ? sequence : -1;
    }

    public void clear() {
        // Dropped, not emptied: the embedded server deletes by first reading every matching document into memory,
        // which for a large view exhausted the heap. The collection has no index besides _id to recreate.
        collection.drop();
    }

    static String id(String accountId, long bucket) {
        return accountId + "/" + bucket;
    }

    /** The entries of one batch, grouped into one upsert per bucket. */
    public final class Writes implements PendingWrites {

        private final Map<String, Document> setsByBucket = new LinkedHashMap<>();

        public void add(String accountId, long sequence, Document entry) {
            long bucket = sequence / BUCKET_SIZE;
            setsByBucket.computeIfAbsent(id(accountId, bucket),
                            key -> new Document("accountId", accountId).append("bucket", bucket))
                    .append(ENTRIES + "." + sequence, entry);
        }

        @Override
        public void flush() {
            if (setsByBucket.isEmpty()) {
                return;
            }
            // The update is a plain document rather than built with Updates: the builders turn every entry into an
            // intermediate BSON tree before it is encoded for the wire, which doubled this view's client-side work.
            List<WriteModel<Document>> writes = new ArrayList<>(setsByBucket.size());
            setsByBucket.forEach((id, sets) ->
                    writes.add(new UpdateOneModel<>(new Document("_id", id), new Document("$set", sets), UPSERT)));
            collection.bulkWrite(writes);
            setsByBucket.clear();
        }
    }
}
