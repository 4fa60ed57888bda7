package org.loanledger.query.ops;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.bson.Document;
import org.loanledger.query.projection.AccountStateJson;
import org.loanledger.query.projection.EventOutOfSequenceException;
import org.loanledger.query.projection.PendingWrites;
import org.loanledger.shared.account.AccountEvent;
import org.loanledger.shared.account.AccountFold;
import org.loanledger.shared.account.AccountState;
import org.springframework.stereotype.Component;

/**
 * The portfolio: one totals document (accounts by status, limit and outstanding per currency, restrictions by reason
 * code) kept as the sum of every account's {@link PortfolioContribution}, plus each account's folded state.
 *
 * <p>Without transactions, a batch is written in three idempotent steps so that a crash between any two neither
 * loses nor double-counts a change: (1) the account documents, each marked {@code pending} with the contribution the
 * totals still hold for it; (2) one atomic update of the totals with the batch's net change and a journal naming the
 * accounts and versions it covered; (3) the marks cleared. An account read with a mark the journal does not cover
 * has its change counted again in the next batch; marks the journal covers are cleared before anything else.
 */
@Component
public class PortfolioStore {

    public static final String ACCOUNTS_COLLECTION = "portfolio_accounts";
    public static final String TOTALS_COLLECTION = "portfolio_totals";
    static final String TOTALS_ID = "portfolio";

    private static final String VERSION = "version";
    private static final String STATE = "state";
    private static final String CONTRIBUTION = "contribution";
    private static final String PENDING = "pending";
    private static final String PENDING_VERSION = "pendingVersion";
    private static final String JOURNAL = "journal";

    private final MongoCollection<Document> accounts;
    private final MongoCollection<Document> totals;
    /** Batches of the stream and dead-letter retries may flush at once; the totals take one batch at a time. */
    private final ReentrantLock writeLock = new ReentrantLock();
    private volatile boolean journalSettled;

    public PortfolioStore(MongoDatabase viewDatabase) {
        this.accounts = viewDatabase.getCollection(ACCOUNTS_COLLECTION);
        this.totals = viewDatabase.getCollection(TOTALS_COLLECTION);
    }

    public Writes newWrites() {
        return new Writes();
    }

    public Optional<Document> totals() {
        return Optional.ofNullable(totals.find(Filters.eq("_id", TOTALS_ID)).projection(new Document(JOURNAL, 0)).first());
    }

    public void clear() {
        writeLock.lock();
        try {
            accounts.deleteMany(new Document());
            totals.deleteMany(new Document());
            journalSettled = true;
        } finally {
            writeLock.unlock();
        }
    }

    /** Step 3 of the batch the journal names, for when a crash came before it. */
    private void settleJournal() {
        Document current = totals.find(Filters.eq("_id", TOTALS_ID)).first();
        if (current != null && current.get(JOURNAL) != null) {
            List<WriteModel<Document>> clears = new ArrayList<>();
            for (Document entry : current.getList(JOURNAL, Document.class)) {
                String accountId = entry.getString("accountId");
                long version = entry.get(VERSION, Number.class).longValue();
                // Read, then write by _id alone: the embedded MongoDB answers any other filter with a full scan.
                Document stored = accounts.find(Filters.eq("_id", accountId)).projection(new Document(PENDING_VERSION, 1))
                        .first();
                Number marked = stored == null ? null : stored.get(PENDING_VERSION, Number.class);
                if (marked != null && marked.longValue() == version) {
                    clears.add(new UpdateOneModel<>(Filters.eq("_id", accountId),
                            Updates.combine(Updates.unset(PENDING), Updates.unset(PENDING_VERSION))));
                }
            }
            if (!clears.isEmpty()) {
                accounts.bulkWrite(clears);
            }
        }
        journalSettled = true;
    }

    private static Document document(AccountState state, PortfolioContribution contribution) {
        return new Document("_id", state.accountId())
                .append(VERSION, state.version())
                .append(STATE, AccountStateJson.write(state))
                .append(CONTRIBUTION, contribution.toDocument());
    }

    private record Loaded(AccountState state, PortfolioContribution inTotals, boolean pending) {
    }

    /** One batch of the portfolio: account states folded forward and the contributions the totals hold for them. */
    public final class Writes implements PendingWrites {

        private final Map<String, Loaded> loaded = new HashMap<>();
        private final Map<String, AccountState> changed = new LinkedHashMap<>();

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
            loaded.put(event.accountId(), new Loaded(next, previous.inTotals(), previous.pending()));
            changed.put(event.accountId(), next);
        }

        @Override
        public void prefetch(Set<String> accountIds) {
            settleJournalOnce();
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
            settleJournalOnce();
            return remember(accountId, accounts.find(Filters.eq("_id", accountId)).first());
        }

        private Loaded remember(String accountId, Document stored) {
            Loaded fresh;
            if (stored == null) {
                fresh = new Loaded(AccountState.unopened(accountId), PortfolioContribution.NONE, false);
            } else {
                AccountState state = AccountStateJson.read(stored.getString(STATE));
                Document pending = stored.get(PENDING, Document.class);
                fresh = pending == null
                        ? new Loaded(state, PortfolioContribution.fromDocument(stored.get(CONTRIBUTION, Document.class)), false)
                        : new Loaded(state, PortfolioContribution.fromDocument(pending), true);
            }
            loaded.put(accountId, fresh);
            if (fresh.pending()) {
                // A change the totals may not hold yet: count it with this batch.
                changed.put(accountId, fresh.state());
            }
            return fresh;
        }

        private void settleJournalOnce() {
            writeLock.lock();
            try {
                if (!journalSettled) {
                    settleJournal();
                }
            } finally {
                writeLock.unlock();
            }
        }

        @Override
        public void flush() {
            if (changed.isEmpty()) {
                return;
            }
            writeLock.lock();
            try {
                List<WriteModel<Document>> accountWrites = new ArrayList<>(changed.size());
                Document increments = new Document();
                List<Document> journal = new ArrayList<>(changed.size());
                // Each account's document is made once (its state written as JSON once) for steps 1 and 3.
                Map<String, Document> settled = new HashMap<>();
                for (AccountState state : changed.values()) {
                    PortfolioContribution inTotals = loaded.get(state.accountId()).inTotals();
                    PortfolioContribution now = PortfolioContribution.of(state);
                    inTotals.addTo(increments, -1);
                    now.addTo(increments, 1);
                    Document document = document(state, now);
                    settled.put(state.accountId(), document);
                    accountWrites.add(new ReplaceOneModel<>(Filters.eq("_id", state.accountId()),
                            new Document(document)
                                    .append(PENDING, inTotals.toDocument())
                                    .append(PENDING_VERSION, state.version()),
                            new ReplaceOptions().upsert(true)));
                    journal.add(new Document("accountId", state.accountId()).append(VERSION, state.version()));
                }
                accounts.bulkWrite(accountWrites);
                var update = new ArrayList<org.bson.conversions.Bson>();
                update.add(Updates.set(JOURNAL, journal));
                increments.forEach((key, value) -> update.add(Updates.inc(key, (Long) value)));
                totals.updateOne(Filters.eq("_id", TOTALS_ID), Updates.combine(update), new UpdateOptions().upsert(true));
                // Step 3 rewrites each document without its mark, by _id: this writer is the only one, and the
                // embedded MongoDB answers any other filter with a full scan.
                List<WriteModel<Document>> clears = new ArrayList<>(changed.size());
                for (AccountState state : changed.values()) {
                    clears.add(new ReplaceOneModel<>(Filters.eq("_id", state.accountId()), settled.get(state.accountId())));
                    loaded.put(state.accountId(), new Loaded(state, PortfolioContribution.of(state), false));
                }
                accounts.bulkWrite(clears);
                changed.clear();
            } finally {
                writeLock.unlock();
            }
        }
    }
}
