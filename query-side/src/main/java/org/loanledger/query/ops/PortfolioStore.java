package org.loanledger.query.ops;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import com.mongodb.client.result.UpdateResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.loanledger.query.mongo.MongoConfiguration.EmbeddedMongoServerHolder;
import org.loanledger.query.projection.AccountStateJson;
import org.loanledger.query.projection.EventOutOfSequenceException;
import org.loanledger.query.projection.PendingWrites;
import org.loanledger.shared.account.AccountEvent;
import org.loanledger.shared.account.AccountFold;
import org.loanledger.shared.account.AccountState;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The portfolio: one totals document (accounts by status, limit and outstanding per currency, restrictions by reason
 * code) kept as the sum of every account's {@link PortfolioContribution}, plus each account's folded state.
 *
 * <p>Without transactions, a batch is written in three steps, each one atomic, so that a process stopped between
 * any two neither loses nor double-counts a change:
 * <ol>
 *   <li>the batch takes the next number from the totals document ({@code reserved});</li>
 *   <li>each account of the batch is written with its new contribution, the one the totals held for it before, and
 *       the batch's number;</li>
 *   <li>one update of the totals adds the batch's net change and records its number as {@code counted}.</li>
 * </ol>
 * The totals hold every batch numbered up to {@code counted} except those in {@code aborted}: a batch reserved and
 * never counted is named there when the next one is reserved. An account read with the number of a batch the totals
 * do not hold (its events are redelivered, since the stopped batch stored no token) has its change counted again,
 * from the contribution the totals held before. Each account is written once per batch.
 *
 * <p>Step 1 holds only if the totals are still as the writer read them, step 3 only if no batch was reserved after
 * the writer's own. So a second writer (another instance following the stream or retrying a dead letter) can make a
 * batch fail and be retried, never make one count twice or two take the same number.
 *
 * <p>The embedded MongoDB writes its collections to its file on its own, each as it stands at that moment, so after a
 * crash its file may hold the totals of one moment and the accounts of another: a batch counted without its accounts
 * (counted again when its events come back), or accounts numbered with a batch whose reservation was lost (and whose
 * number the next batch then takes). So each step's writes are kept ({@code viewsKept}) before the next step starts.
 *
 * <p>Layout 2: until this release each batch wrote every account twice (marked pending, then cleared), under a
 * journal naming the batch's accounts; a store in that layout is rebuilt when the service starts.
 */
@Component
public class PortfolioStore {

    public static final String ACCOUNTS_COLLECTION = "portfolio_accounts";
    public static final String TOTALS_COLLECTION = "portfolio_totals";
    static final String TOTALS_ID = "portfolio";

    /** The layout of this view's documents; a store that holds another is rebuilt when the service starts. */
    public static final int LAYOUT = 2;

    private static final String VERSION = "version";
    private static final String STATE = "state";
    private static final String CONTRIBUTION = "contribution";
    private static final String BEFORE = "before";
    private static final String BATCH = "batch";
    private static final String RESERVED = "reserved";
    private static final String COUNTED = "counted";
    private static final String ABORTED = "aborted";
    private static final Document BOOKKEEPING = new Document(RESERVED, 0).append(COUNTED, 0).append(ABORTED, 0);

    private final MongoCollection<Document> accounts;
    private final MongoCollection<Document> totals;
    /** Keeps every write acknowledged so far, in the embedded server's file; nothing for a real MongoDB. */
    private final Runnable viewsKept;
    /** Batches of the stream and dead-letter retries may flush at once; the totals take one batch at a time. */
    private final ReentrantLock writeLock = new ReentrantLock();

    @Autowired
    public PortfolioStore(MongoDatabase viewDatabase, EmbeddedMongoServerHolder embedded) {
        this(viewDatabase, embedded.viewsKept());
    }

    public PortfolioStore(MongoDatabase viewDatabase, Runnable viewsKept) {
        this.accounts = viewDatabase.getCollection(ACCOUNTS_COLLECTION);
        this.totals = viewDatabase.getCollection(TOTALS_COLLECTION);
        this.viewsKept = viewsKept;
    }

    public Writes newWrites() {
        return new Writes();
    }

    public Optional<Document> totals() {
        return Optional.ofNullable(totals.find(Filters.eq("_id", TOTALS_ID)).projection(BOOKKEEPING).first());
    }

    public void clear() {
        writeLock.lock();
        try {
            // Dropped, not emptied: the embedded server deletes by first reading every matching document into
            // memory. Neither collection has an index besides _id to recreate.
            accounts.drop();
            totals.drop();
        } finally {
            writeLock.unlock();
        }
    }

    /** Which batches the totals hold: every one numbered up to {@code counted}, except the aborted ones. */
    private record Counted(long reserved, long counted, Set<Long> aborted) {

        static Counted of(Document totals) {
            if (totals == null) {
                return new Counted(0, 0, Set.of());
            }
            Set<Long> aborted = new HashSet<>();
            List<?> stored = totals.get(ABORTED, List.class);
            if (stored != null) {
                stored.forEach(number -> aborted.add(((Number) number).longValue()));
            }
            return new Counted(number(totals, RESERVED), number(totals, COUNTED), aborted);
        }

        boolean holds(long batch) {
            return batch <= counted && !aborted.contains(batch);
        }
    }

    /** A bookkeeping number of a stored document; 0 when the document does not have it yet. */
    static long number(Document document, String key) {
        Object value = document.get(key);
        return value == null ? 0 : ((Number) value).longValue();
    }

    private Counted counted() {
        return Counted.of(totals.find(Filters.eq("_id", TOTALS_ID)).first());
    }

    private static IllegalStateException changedByAnotherWriter() {
        return new IllegalStateException("the portfolio totals were changed by another writer; the batch is retried");
    }

    private record Loaded(AccountState state, PortfolioContribution inTotals) {
    }

    /** One batch of the portfolio: account states folded forward and the contributions the totals hold for them. */
    public final class Writes implements PendingWrites {

        private final Map<String, Loaded> loaded = new HashMap<>();
        private final Map<String, AccountState> changed = new LinkedHashMap<>();
        private Counted counted;

        public void apply(AccountEvent event, long sequence) {
            Loaded previous = load(event.accountId());
            if (sequence <= previous.state().version()) {
                return;
            }
            if (sequence != previous.state().nextSequence()) {
                throw new EventOutOfSequenceException(PortfolioProjection.PROCESSING_GROUP, event.accountId(),
                        previous.state().nextSequence(), sequence);
            }
            AccountState next = AccountFold.evolve(previous.state(), event);
            loaded.put(event.accountId(), new Loaded(next, previous.inTotals()));
            changed.put(event.accountId(), next);
        }

        @Override
        public void prefetch(Set<String> accountIds) {
            List<String> unknown = accountIds.stream().filter(id -> !loaded.containsKey(id)).toList();
            if (unknown.isEmpty()) {
                return;
            }
            Map<String, Document> found = new HashMap<>();
            for (Document stored : accounts.find(Filters.in("_id", unknown))) {
                found.put(stored.getString("_id"), stored);
            }
            for (String accountId : unknown) {
                remember(accountId, found.get(accountId));
            }
        }

        private Loaded load(String accountId) {
            Loaded known = loaded.get(accountId);
            if (known != null) {
                return known;
            }
            return remember(accountId, accounts.find(Filters.eq("_id", accountId)).first());
        }

        private Loaded remember(String accountId, Document stored) {
            Loaded fresh;
            if (stored == null) {
                fresh = new Loaded(AccountState.unopened(accountId), PortfolioContribution.NONE);
            } else {
                if (counted == null) {
                    counted = counted();
                }
                AccountState state = AccountStateJson.read(stored.getString(STATE));
                boolean inTotals = counted.holds(number(stored, BATCH));
                fresh = new Loaded(state, PortfolioContribution.fromDocument(
                        stored.get(inTotals ? CONTRIBUTION : BEFORE, Document.class)));
                if (!inTotals) {
                    // Written by a batch the totals never counted: count its change with this batch.
                    changed.put(accountId, state);
                }
            }
            loaded.put(accountId, fresh);
            return fresh;
        }

        @Override
        public void flush() {
            if (changed.isEmpty()) {
                return;
            }
            writeLock.lock();
            try {
                long batch = reserve();
                viewsKept.run();
                writeAccounts(batch);
                viewsKept.run();
                count(batch);
            } finally {
                writeLock.unlock();
            }
        }

        /** Step 1: the batch's number; a batch reserved before and never counted is recorded as aborted. */
        long reserve() {
            return reserve(totals.find(Filters.eq("_id", TOTALS_ID)).first());
        }

        /**
         * Step 1 from the totals as read in {@code current}. The update holds only if no other writer has reserved or
         * counted a batch since (another instance following the stream or retrying a dead letter): a batch counted in
         * between must not be recorded as aborted, or its accounts would be counted again when next changed.
         */
        long reserve(Document current) {
            Counted at = Counted.of(current);
            long batch = at.reserved() + 1;
            Bson update = at.reserved() > at.counted()
                    ? Updates.combine(Updates.set(RESERVED, batch), Updates.addToSet(ABORTED, at.reserved()))
                    : Updates.set(RESERVED, batch);
            Bson filter = Filters.and(Filters.eq("_id", TOTALS_ID), asRead(current, RESERVED), asRead(current, COUNTED));
            UpdateResult result;
            try {
                result = totals.updateOne(filter, update, new UpdateOptions().upsert(current == null));
            } catch (MongoWriteException e) {
                if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                    // Both saw no totals; the other writer created them first.
                    throw changedByAnotherWriter();
                }
                throw e;
            }
            if (result.getMatchedCount() == 0 && result.getUpsertedId() == null) {
                throw changedByAnotherWriter();
            }
            return batch;
        }

        /** Matches the totals only while {@code field} is as it was in {@code read}, or still absent if it was. */
        private static Bson asRead(Document read, String field) {
            Object value = read == null ? null : read.get(field);
            return value == null ? Filters.exists(field, false) : Filters.eq(field, value);
        }

        /** Step 2: each account of the batch, once, with its new contribution and the one the totals held for it. */
        void writeAccounts(long batch) {
            List<WriteModel<Document>> writes = new ArrayList<>(changed.size());
            for (AccountState state : changed.values()) {
                writes.add(new ReplaceOneModel<>(Filters.eq("_id", state.accountId()), new Document("_id", state.accountId())
                        .append(VERSION, state.version())
                        .append(STATE, AccountStateJson.write(state))
                        .append(CONTRIBUTION, PortfolioContribution.of(state).toDocument())
                        .append(BEFORE, loaded.get(state.accountId()).inTotals().toDocument())
                        .append(BATCH, batch), new ReplaceOptions().upsert(true)));
            }
            accounts.bulkWrite(writes);
        }

        /** Step 3: the batch's net change added to the totals, in the one update that records it as counted. */
        void count(long batch) {
            Map<String, PortfolioContribution> now = new HashMap<>();
            Document increments = new Document();
            for (AccountState state : changed.values()) {
                PortfolioContribution contribution = PortfolioContribution.of(state);
                now.put(state.accountId(), contribution);
                loaded.get(state.accountId()).inTotals().addTo(increments, -1);
                contribution.addTo(increments, 1);
            }
            List<Bson> update = new ArrayList<>();
            update.add(Updates.set(COUNTED, batch));
            increments.forEach((key, value) -> update.add(Updates.inc(key, (Long) value)));
            UpdateResult result = totals.updateOne(Filters.and(Filters.eq("_id", TOTALS_ID), Filters.eq(RESERVED, batch)),
                    Updates.combine(update));
            if (result.getMatchedCount() == 0) {
                throw changedByAnotherWriter();
            }
            for (AccountState state : changed.values()) {
                loaded.put(state.accountId(), new Loaded(state, now.get(state.accountId())));
            }
            changed.clear();
            counted = null;
        }
    }
}
