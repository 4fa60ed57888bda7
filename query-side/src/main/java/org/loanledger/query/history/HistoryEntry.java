package org.loanledger.query.history;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bson.BsonWriter;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.loanledger.shared.account.AccountEvent;
import org.loanledger.shared.personal.PersonalTextCipher;

/** One history entry as stored: who, when, what in a sentence, and every field of the event. */
final class HistoryEntry {

    static final String SEQUENCE = "sequence";
    static final String TYPE = "type";
    static final String AT = "at";
    static final String ACTOR = "actor";
    static final String SUMMARY = "summary";
    static final String FIELDS = "fields";

    private HistoryEntry() {
    }

    /**
     * The entry of event {@code sequence} as stored, {@code _id} and account first, written straight to BSON: a
     * history rebuild writes one per event, and building nested documents first, then encoding them through the
     * driver's codecs, cost a fifth more CPU per event in a warm rebuild ({@code query-side/BENCHMARKS.md}).
     */
    static RawBsonDocument stored(AccountEvent event, long sequence) {
        return EventFields.encoded(512, writer -> {
            writer.writeStartDocument();
            writer.writeString(AccountHistoryStore.ID, AccountHistoryStore.id(event.accountId(), sequence));
            writer.writeString(AccountHistoryStore.ACCOUNT_ID, event.accountId());
            writer.writeInt64(SEQUENCE, sequence);
            writer.writeString(TYPE, event.getClass().getSimpleName());
            writer.writeString(AT, event.occurredAt().toString());
            writeStringOrNull(writer, ACTOR, event.actor());
            writeStringOrNull(writer, SUMMARY, EventSummaries.of(event));
            writer.writeName(FIELDS);
            EventFields.write(writer, (Record) event);
            writer.writeEndDocument();
        });
    }

    private static void writeStringOrNull(BsonWriter writer, String name, String value) {
        if (value == null) {
            writer.writeNull(name);
        } else {
            writer.writeString(name, value);
        }
    }

    /**
     * The entry as the API answers it: the fixed keys first, then the event's fields beside them, personal text
     * opened (null once erased, and named in {@code erasedFields}).
     */
    static Map<String, Object> toItem(Document entry, PersonalTextCipher cipher) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put(SEQUENCE, entry.get(SEQUENCE, Number.class).longValue());
        item.put(TYPE, entry.getString(TYPE));
        item.put(AT, Instant.parse(entry.getString(AT)));
        item.put(SUMMARY, entry.getString(SUMMARY));
        item.put(ACTOR, entry.getString(ACTOR));
        Document fields = entry.get(FIELDS, Document.class);
        if (fields != null) {
            EventFields.revealed(fields, cipher).forEach(item::putIfAbsent);
        }
        return item;
    }
}
