package org.loanledger.query.history;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertManyOptions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.loanledger.query.projection.PendingWrites;
import org.loanledger.query.projection.ViewVersions;
import org.loanledger.shared.account.AccountEvent;
import org.springframework.stereotype.Component;

/**
 * The account-history collection: one document per event, {@code _id = accountId/sequence}. An account's sequences
 * have no gaps, so a page is the exact ids of its sequences, read in one query by {@code _id}, and writing an entry
 * again (a redelivered event) finds it there and changes nothing.
 *
 * <p>Entries used to live in buckets of 100 per account. Every new entry rewrote its whole bucket: the embedded
 * MongoDB copies, compares and re-encodes the whole document on each update, so the history was the slowest view
 * to keep and to rebuild (about 3,000 events/s against 10,000 for the other views, BENCHMARKS.md). The views keep
 * no bucket any more; a store kept in that layout is rebuilt once, when this release starts
 * ({@link org.loanledger.query.projection.ViewLayouts}).
 */
@Component
public class AccountHistoryStore {

    public static final String COLLECTION = "account_history_entries";

    /** Where the buckets of earlier releases were; dropped with the view. */
    static final String BUCKETS_COLLECTION = "account_history";

    /** The layout of this view's documents; a store that holds another is rebuilt when the service starts. */
    public static final int LAYOUT = 2;

    static final String ID = "_id";
    static final String ACCOUNT_ID = "accountId";

    private static final InsertManyOptions UNORDERED = new InsertManyOptions().ordered(false);
    private static final int DUPLICATE_KEY = 11000;

    private final MongoDatabase viewDatabase;
    private final MongoCollection<Document> collection;
    /** The same collection, written with entries already encoded ({@link HistoryEntry#stored}). */
    private final MongoCollection<RawBsonDocument> encoded;
    private final ViewVersions versions;

    public AccountHistoryStore(MongoDatabase viewDatabase, ViewVersions versions) {
        this.viewDatabase = viewDatabase;
        this.collection = viewDatabase.getCollection(COLLECTION);
        this.encoded = viewDatabase.getCollection(COLLECTION, RawBsonDocument.class);
        this.versions = versions;
    }

    public Writes newWrites() {
        return new Writes();
    }

    /** The entries after {@code after} (exclusive), oldest first, at most {@code limit}; empty if the account has none. */
    public Optional<List<Document>> page(String accountId, long after, int limit) {
        List<String> ids = new ArrayList<>(limit + 1);
        for (long sequence = after + 1; sequence <= after + limit; sequence++) {
            ids.add(id(accountId, sequence));
        }
        if (after >= 0) {
            // Whether the account exists at all, when the page starts past its end.
            ids.add(id(accountId, 0));
        }
        Map<Long, Document> found = new HashMap<>();
        for (Document entry : collection.find(Filters.in(ID, ids)).projection(new Document(ID, 0))) {
            found.put(entry.get(HistoryEntry.SEQUENCE, Number.class).longValue(), entry);
        }
        if (found.isEmpty()) {
            return Optional.empty();
        }
        List<Document> entries = new ArrayList<>(limit);
        // Entries are written in sequence order, so the page ends at the first one the view does not have yet.
        for (long sequence = after + 1; sequence <= after + limit && found.containsKey(sequence); sequence++) {
            entries.add(found.get(sequence));
        }
        return Optional.of(entries);
    }

    public boolean exists(String accountId) {
        return collection.find(Filters.eq(ID, id(accountId, 0))).projection(new Document(ID, 1)).first() != null;
    }

    /** Whether the entry of event {@code sequence} is there; -1 or the sequence, as the minVersion wait reads it. */
    public long versionAtLeast(String accountId, long sequence) {
        return collection.find(Filters.eq(ID, id(accountId, sequence))).projection(new Document(ID, 1)).first()
                == null ? -1 : sequence;
    }

    public void clear() {
        // Dropped, not emptied: the embedded server deletes by first reading every matching document into memory,
        // which for a large view exhausted the heap. The collection has no index besides _id to recreate.
        collection.drop();
        if (viewDatabase.listCollectionNames().into(new ArrayList<>()).contains(BUCKETS_COLLECTION)) {
            viewDatabase.getCollection(BUCKETS_COLLECTION).drop();
        }
    }

    static String id(String accountId, long sequence) {
        return accountId + "/" + sequence;
    }

    /** The entries of one batch, inserted together; an entry already there is the same event's and is left as it is. */
    public final class Writes implements PendingWrites {

        private final Map<String, RawBsonDocument> entries = new LinkedHashMap<>();
        private final Map<String, Long> lastByAccount = new LinkedHashMap<>();

        /** Adds the entry of {@code event}, the account's event {@code sequence}. */
        public void add(AccountEvent event, long sequence) {
            String accountId = event.accountId();
            lastByAccount.merge(accountId, sequence, Math::max);
            entries.put(id(accountId, sequence), HistoryEntry.stored(event, sequence));
        }

        @Override
        public void flush() {
            if (entries.isEmpty()) {
                return;
            }
            try {
                encoded.insertMany(new ArrayList<>(entries.values()), UNORDERED);
            } catch (MongoBulkWriteException e) {
                // Unordered: every entry not yet there was inserted; what failed must only be entries already there.
                for (BulkWriteError error : e.getWriteErrors()) {
                    if (error.getCode() != DUPLICATE_KEY) {
                        throw e;
                    }
                }
            }
            lastByAccount.forEach((accountId, sequence) ->
                    versions.written(AccountHistoryProjection.PROCESSING_GROUP, accountId, sequence));
            entries.clear();
            lastByAccount.clear();
        }
    }
}
