package org.loanledger.query.appeal;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.WriteModel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.loanledger.query.history.EventFields;
import org.loanledger.query.projection.PendingWrites;
import org.loanledger.shared.account.AppealDecided;
import org.loanledger.shared.account.AppealFiled;
import org.loanledger.shared.personal.PersonalTextCipher;
import org.springframework.stereotype.Component;

/**
 * The appeals collection: one document per appeal, {@code _id = accountId/appealId}, with its {@code version}, the
 * sequence of the last event of the account folded into it, so a redelivered event changes nothing.
 *
 * <p>The customer's statement is deliberately not kept: it is personal data, and the queue only needs to say what
 * is waiting and until when. Ops' decision note is kept sealed, as the store keeps it, and opened when read (null
 * once the customer's data was erased). Instants are kept as ISO text, exactly as recorded, and the deadline also as epoch
 * nanoseconds so that "overdue" is an exact comparison the database can serve.
 */
@Component
public class AppealsStore {

    public static final String COLLECTION = "appeals";

    static final String ID = "_id";
    static final String ACCOUNT_ID = "accountId";
    static final String APPEAL_ID = "appealId";
    static final String RESTRICTION_SEQUENCE = "restrictionSequence";
    static final String STATUS = "status";
    static final String FILED_AT = "filedAt";
    static final String DUE_BY = "dueBy";
    static final String DUE_BY_NANOS = "dueByEpochNanos";
    static final String DECIDED_AT = "decidedAt";
    static final String DECIDED_BY = "decidedBy";
    static final String DECISION_NOTE = "decisionNote";
    static final String VERSION = "version";

    private static final ReplaceOptions UPSERT = new ReplaceOptions().upsert(true);

    private final MongoCollection<Document> collection;
    private final PersonalTextCipher cipher;

    public AppealsStore(MongoDatabase viewDatabase, PersonalTextCipher cipher) {
        this.collection = viewDatabase.getCollection(COLLECTION);
        this.cipher = cipher;
        collection.createIndex(Indexes.ascending(STATUS, DUE_BY_NANOS, ID));
    }

    /** One appeal as the queue shows it; the decision fields are null while it is open. */
    public record QueuedAppeal(String accountId, String appealId, long restrictionSequence, AppealStatus status,
                               Instant filedAt, Instant dueBy, Instant decidedAt, String decidedBy,
                               String decisionNote, Boolean decisionNoteErased) {

        /** Open and past its deadline at {@code now}. */
        public boolean overdueAt(Instant now) {
            return status == AppealStatus.OPEN && dueBy.isBefore(now);
        }
    }

    public record Page(List<QueuedAppeal> appeals, long total) {
    }

    /**
     * Appeals matching both filters (null matches all), the earliest deadline first.
     *
     * @param overdue true: open and due before {@code now}; false: every other appeal
     */
    public Page find(AppealStatus status, Boolean overdue, Instant now, int page, int size) {
        List<Bson> filters = new ArrayList<>();
        if (status != null) {
            filters.add(Filters.eq(STATUS, status.name()));
        }
        if (overdue != null) {
            Bson isOverdue = Filters.and(Filters.eq(STATUS, AppealStatus.OPEN.name()), Filters.lt(DUE_BY_NANOS, nanos(now)));
            filters.add(overdue ? isOverdue : Filters.or(Filters.ne(STATUS, AppealStatus.OPEN.name()),
                    Filters.gte(DUE_BY_NANOS, nanos(now))));
        }
        Bson filter = filters.isEmpty() ? new Document() : Filters.and(filters);
        List<QueuedAppeal> appeals = new ArrayList<>(size);
        collection.find(filter)
                .sort(Sorts.ascending(DUE_BY_NANOS, ID))
                .skip(page * size)
                .limit(size)
                .forEach(d -> appeals.add(read(d)));
        return new Page(appeals, collection.countDocuments(filter));
    }

    public void clear() {
        collection.deleteMany(new Document());
    }

    public Writes newWrites() {
        return new Writes();
    }

    static String id(String accountId, String appealId) {
        return accountId + "/" + appealId;
    }

    /** Epoch nanoseconds: exact for every instant the ledger records, and within a long until the year 2262. */
    static long nanos(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
    }

    private QueuedAppeal read(Document d) {
        Object note = d.get(DECISION_NOTE);
        return new QueuedAppeal(d.getString(ACCOUNT_ID), d.getString(APPEAL_ID),
                d.get(RESTRICTION_SEQUENCE, Number.class).longValue(), AppealStatus.valueOf(d.getString(STATUS)),
                instant(d.getString(FILED_AT)), instant(d.getString(DUE_BY)), instant(d.getString(DECIDED_AT)),
                d.getString(DECIDED_BY), (String) EventFields.opened(note, cipher),
                EventFields.erased(note, cipher) ? Boolean.TRUE : null);
    }

    private static Instant instant(String text) {
        return text == null ? null : Instant.parse(text);
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    /** The appeal documents one batch changed, written in one bulk upsert. */
    public final class Writes implements PendingWrites {

        private final Map<String, Document> known = new HashMap<>();
        private final Map<String, Document> changed = new LinkedHashMap<>();

        public void filed(AppealFiled event, long sequence) {
            String id = id(event.accountId(), event.appealId());
            Document current = load(id);
            if (current != null && version(current) >= sequence) {
                return;
            }
            Document document = new Document(ID, id)
                    .append(ACCOUNT_ID, event.accountId())
                    .append(APPEAL_ID, event.appealId())
                    .append(RESTRICTION_SEQUENCE, event.restrictionSequence())
                    .append(STATUS, AppealStatus.OPEN.name())
                    .append(FILED_AT, text(event.occurredAt()))
                    .append(DUE_BY, text(event.dueBy()))
                    .append(DUE_BY_NANOS, nanos(event.dueBy()))
                    .append(DECIDED_AT, null)
                    .append(DECIDED_BY, null)
                    .append(DECISION_NOTE, null)
                    .append(VERSION, sequence);
            remember(id, document);
        }

        /** Throws if the appeal's filing was never seen: deciding it here would invent an appeal. */
        public void decided(AppealDecided event, long sequence) {
            String id = id(event.accountId(), event.appealId());
            Document current = load(id);
            if (current == null) {
                throw new IllegalStateException(AppealsProjection.PROCESSING_GROUP + " has no filing of appeal "
                        + event.appealId() + " of account " + event.accountId() + " to decide with event " + sequence);
            }
            if (version(current) >= sequence) {
                return;
            }
            Document document = new Document(current)
                    .append(STATUS, AppealStatus.of(event.decision()).name())
                    .append(DECIDED_AT, text(event.occurredAt()))
                    .append(DECIDED_BY, event.actor())
                    .append(DECISION_NOTE, EventFields.stored(event.note()))
                    .append(VERSION, sequence);
            remember(id, document);
        }

        private Document load(String id) {
            if (known.containsKey(id)) {
                return known.get(id);
            }
            Document stored = collection.find(Filters.eq(ID, id)).first();
            known.put(id, stored);
            return stored;
        }

        private void remember(String id, Document document) {
            known.put(id, document);
            changed.put(id, document);
        }

        private static long version(Document document) {
            return document.get(VERSION, Number.class).longValue();
        }

        @Override
        public void flush() {
            if (changed.isEmpty()) {
                return;
            }
            List<WriteModel<Document>> writes = new ArrayList<>(changed.size());
            changed.forEach((id, document) -> writes.add(new ReplaceOneModel<>(Filters.eq(ID, id), document, UPSERT)));
            collection.bulkWrite(writes);
            changed.clear();
        }
    }
}
