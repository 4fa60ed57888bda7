package org.loanledger.query.history;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bson.Document;
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

    static Document of(AccountEvent event, long sequence) {
        return new Document(SEQUENCE, sequence)
                .append(TYPE, event.getClass().getSimpleName())
                .append(AT, event.occurredAt().toString())
                .append(ACTOR, event.actor())
                .append(SUMMARY, EventSummaries.of(event))
                .append(FIELDS, EventFields.of((Record) event));
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
