package org.loanledger.query.projection;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.WriteModel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.bson.Document;
import org.loanledger.shared.account.AccountEvent;
import org.loanledger.shared.account.AccountFold;
import org.loanledger.shared.account.AccountState;

/**
 * Pending writes of a view that keeps one document per account holding the fold's state: the document's
 * {@code version} is the last event folded in, so a redelivered event (sequence at or below it) changes nothing.
 * States the view wrote in earlier batches come from {@link FoldedStates} when it keeps them, otherwise from the
 * collection; the batch's states are kept for later ones only if {@link FoldedStates} keeps a batch that far behind.
 */
public class FoldedAccountWrites implements PendingWrites {

    public static final String ID = "_id";
    public static final String VERSION = "version";
    public static final String STATE = "state";

    private static final ReplaceOptions UPSERT = new ReplaceOptions().upsert(true);

    private final String view;
    private final MongoCollection<Document> collection;
    private final Function<AccountState, Document> extraFields;
    private final ViewVersions versions;
    private final FoldedStates states;
    /** The latest state of every account the batch has read or changed; the changed ones key {@code changed}. */
    private final Map<String, AccountState> known = new HashMap<>();
    private final Map<String, Document> changed = new LinkedHashMap<>();
    /** Whether the states written are kept for later batches; without a batch's age, as for a lone event, they are. */
    private boolean keep = true;

    /**
     * @param extraFields the fields, besides id, version and state, that the view's queries read
     * @param versions    told of every account written, for the readers waiting for it
     * @param states      the states the view wrote in earlier batches, and keeps those it writes now
     */
    public FoldedAccountWrites(String view, MongoCollection<Document> collection,
                               Function<AccountState, Document> extraFields, ViewVersions versions,
                               FoldedStates states) {
        this.view = view;
        this.collection = collection;
        this.extraFields = extraFields;
        this.versions = versions;
        this.states = states;
    }

    /** Folds the event onto the account's state unless the view has it already; throws if events are missing. */
    public void apply(AccountEvent event, long sequence) {
        AccountState previous = stateOf(event.accountId());
        if (sequence <= previous.version()) {
            return;
        }
        if (sequence != previous.nextSequence()) {
            throw new EventOutOfSequenceException(view, event.accountId(), previous.nextSequence(), sequence);
        }
        AccountState next = AccountFold.evolve(previous, event);
        // The view's own fields are made now, so a failure belongs to this event; the state is written as JSON
        // only once per account and batch, at flush.
        Document document = new Document(ID, next.accountId()).append(VERSION, next.version());
        document.putAll(extraFields.apply(next));
        known.put(event.accountId(), next);
        changed.put(event.accountId(), document);
    }

    @Override
    public void prefetch(Set<String> accountIds) {
        List<String> unknown = new ArrayList<>();
        for (String accountId : accountIds) {
            if (inMemory(accountId) == null) {
                unknown.add(accountId);
            }
        }
        if (unknown.isEmpty()) {
            return;
        }
        for (Document stored : collection.find(Filters.in(ID, unknown)).projection(new Document(STATE, 1))) {
            known.put(stored.getString(ID), AccountStateJson.read(stored.getString(STATE)));
        }
        for (String accountId : unknown) {
            known.putIfAbsent(accountId, AccountState.unopened(accountId));
        }
    }

    @Override
    public void behindBy(Duration age) {
        keep = states.keepsFrom(age);
    }

    @Override
    public void flush() {
        if (changed.isEmpty()) {
            return;
        }
        List<WriteModel<Document>> writes = new ArrayList<>(changed.size());
        List<AccountState> written = new ArrayList<>(changed.size());
        changed.forEach((accountId, document) -> {
            AccountState state = known.get(accountId);
            document.append(STATE, AccountStateJson.write(state));
            writes.add(new ReplaceOneModel<>(Filters.eq(ID, accountId), document, UPSERT));
            written.add(state);
        });
        try {
            collection.bulkWrite(writes);
        } catch (RuntimeException e) {
            // Some of the documents may have been written: what the view holds for these accounts is not known.
            states.forget(view, changed.keySet());
            throw e;
        }
        if (keep) {
            states.written(view, written);
        } else {
            // A state kept from an earlier batch is now behind the view's.
            states.forget(view, changed.keySet());
        }
        written.forEach(state -> versions.written(view, state));
        changed.clear();
    }

    /** The state this batch already has for the account, or the one the view kept from an earlier batch. */
    private AccountState inMemory(String accountId) {
        AccountState state = known.get(accountId);
        if (state == null) {
            state = states.get(view, accountId);
            if (state != null) {
                known.put(accountId, state);
            }
        }
        return state;
    }

    private AccountState stateOf(String accountId) {
        AccountState state = inMemory(accountId);
        if (state == null) {
            Document stored = collection.find(Filters.eq(ID, accountId))
                    .projection(new Document(STATE, 1)).first();
            state = stored == null ? AccountState.unopened(accountId) : AccountStateJson.read(stored.getString(STATE));
            known.put(accountId, state);
        }
        return state;
    }
}
