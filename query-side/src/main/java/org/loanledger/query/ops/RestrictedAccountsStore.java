package org.loanledger.query.ops;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.loanledger.query.projection.AccountStateJson;
import org.loanledger.query.projection.FoldedAccountWrites;
import org.loanledger.query.projection.FoldedStates;
import org.loanledger.query.projection.ViewVersions;
import org.loanledger.shared.account.AccountState;
import org.loanledger.shared.account.AccountStatus;
import org.loanledger.shared.account.ReasonCode;
import org.loanledger.shared.account.Restriction;
import org.springframework.stereotype.Component;

/**
 * The restricted-accounts collection: every account with its status and the reason codes of the restrictions in
 * force, which is what ops filter by.
 *
 * <p>A real MongoDB serves the filters from the indexes created here; the embedded server ignores non-unique
 * indexes and scans, which is acceptable for an ops list but is why no hot read goes through this collection.
 */
@Component
public class RestrictedAccountsStore {

    public static final String COLLECTION = "restricted_accounts";
    static final String STATUS = "status";
    static final String REASON_CODES = "reasonCodes";
    static final String RESTRICTED = "restricted";

    private final MongoCollection<Document> collection;
    private final ViewVersions versions;
    private final FoldedStates states;

    public RestrictedAccountsStore(MongoDatabase viewDatabase, ViewVersions versions, FoldedStates states) {
        this.collection = viewDatabase.getCollection(COLLECTION);
        this.versions = versions;
        this.states = states;
        collection.createIndex(Indexes.ascending(STATUS, "_id"));
        collection.createIndex(Indexes.ascending(REASON_CODES, "_id"));
    }

    public FoldedAccountWrites newWrites() {
        return new FoldedAccountWrites(RestrictedAccountsProjection.PROCESSING_GROUP, collection,
                RestrictedAccountsStore::queryFields, versions, states);
    }

    static Document queryFields(AccountState state) {
        List<String> reasonCodes = state.restrictions().stream()
                .map(Restriction::reasonCode).map(Enum::name).distinct().toList();
        return new Document(STATUS, state.status().name())
                .append(RESTRICTED, !state.restrictions().isEmpty())
                .append(REASON_CODES, reasonCodes);
    }

    public record Page(List<AccountState> accounts, long total) {
    }

    /** Accounts matching both filters (null matches all), ordered by account id. */
    public Page find(AccountStatus status, ReasonCode reasonCode, int page, int size) {
        List<Bson> filters = new ArrayList<>();
        if (status != null) {
            filters.add(Filters.eq(STATUS, status.name()));
        }
        if (reasonCode != null) {
            filters.add(Filters.eq(REASON_CODES, reasonCode.name()));
        }
        Bson filter = filters.isEmpty() ? new Document() : Filters.and(filters);
        List<AccountState> accounts = new ArrayList<>(size);
        collection.find(filter)
                .projection(new Document(FoldedAccountWrites.STATE, 1))
                .sort(Sorts.ascending("_id"))
                .skip(page * size)
                .limit(size)
                .forEach(d -> accounts.add(AccountStateJson.read(d.getString(FoldedAccountWrites.STATE))));
        return new Page(accounts, collection.countDocuments(filter));
    }

    public void clear() {
        collection.deleteMany(new Document());
        states.forget(RestrictedAccountsProjection.PROCESSING_GROUP);
    }
}
