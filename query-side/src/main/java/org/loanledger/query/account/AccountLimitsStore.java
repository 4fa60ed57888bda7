package org.loanledger.query.account;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import java.util.Date;
import java.util.Optional;
import org.bson.Document;
import org.loanledger.query.projection.AccountStateJson;
import org.loanledger.query.projection.FoldedAccountWrites;
import org.loanledger.query.projection.FoldedStates;
import org.loanledger.query.projection.ViewVersions;
import org.loanledger.shared.account.AccountState;
import org.springframework.stereotype.Component;

/** The account-limits collection: one document per account, read by {@code _id}. */
@Component
public class AccountLimitsStore {

    public static final String COLLECTION = "account_limits";

    private final MongoCollection<Document> collection;
    private final ViewVersions versions;
    private final FoldedStates states;

    public AccountLimitsStore(MongoDatabase viewDatabase, ViewVersions versions, FoldedStates states) {
        this.collection = viewDatabase.getCollection(COLLECTION);
        this.versions = versions;
        this.states = states;
    }

    public FoldedAccountWrites newWrites() {
        return new FoldedAccountWrites(AccountLimitsProjection.PROCESSING_GROUP, collection, this::queryFields, versions,
                states);
    }

    /** The fields, besides the folded state, that are stored for reading without parsing the state. */
    public Document queryFields(AccountState state) {
        return new Document("status", state.status().name()).append("updatedAt", Date.from(state.updatedAt()));
    }

    public Optional<AccountState> find(String accountId) {
        return stored(accountId).map(Stored::state);
    }

    /** The last event of the account this view has folded in; -1 when it has none. */
    public long version(String accountId) {
        return stored(accountId).map(Stored::version).orElse(-1L);
    }

    /** The account's document: its version, and its state not parsed until asked for. */
    public Optional<Stored> stored(String accountId) {
        Document document = collection.find(Filters.eq(FoldedAccountWrites.ID, accountId))
                .projection(new Document(FoldedAccountWrites.VERSION, 1).append(FoldedAccountWrites.STATE, 1)).first();
        return Optional.ofNullable(document).map(found -> new Stored(found.getLong(FoldedAccountWrites.VERSION),
                found.getString(FoldedAccountWrites.STATE)));
    }

    /** An account's document as read: a reader waiting for a version parses the state only once it is recent enough. */
    public record Stored(long version, String stateJson) {

        public AccountState state() {
            return AccountStateJson.read(stateJson);
        }
    }

    public void clear() {
        // Dropped, not emptied: the embedded server deletes by first reading every matching document into memory,
        // which for a large view exhausted the heap. The collection has no index besides _id to recreate.
        collection.drop();
        states.forget(AccountLimitsProjection.PROCESSING_GROUP);
    }
}
