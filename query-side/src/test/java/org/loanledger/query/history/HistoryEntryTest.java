package org.loanledger.query.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.axonframework.eventhandling.DomainEventMessage;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.codecs.DocumentCodec;
import org.junit.jupiter.api.Test;
import org.loanledger.query.release.StoredEventFixture;
import org.loanledger.shared.account.AccountEvent;
import org.loanledger.shared.account.AccountFrozen;
import org.loanledger.shared.account.AppealFiled;
import org.loanledger.shared.account.ReasonCode;
import org.loanledger.shared.money.Money;
import org.loanledger.shared.personal.InMemoryPersonalKeys;
import org.loanledger.shared.personal.PersonalText;
import org.loanledger.shared.personal.PersonalTextCipher;
import org.loanledger.shared.records.RecordComponents;

/**
 * A history entry is written straight to BSON. Stored entries must not change with that: a page reads entries
 * written before and after alike, and a rebuild must give the same view. So every entry is compared, byte for byte,
 * with the document the history stored until then, built as nested documents and encoded by the driver.
 */
class HistoryEntryTest {

    private static final DocumentCodec DOCUMENTS = new DocumentCodec();

    @Test
    void everyEventTypeAndRevisionIsStoredAsTheEntriesBeforeIt() {
        List<DomainEventMessage<?>> events = StoredEventFixture.events(StoredEventFixture.stored());
        assertThat(events).hasSizeGreaterThan(AccountEvent.class.getPermittedSubclasses().length);
        for (DomainEventMessage<?> message : events) {
            assertStoredAsBefore((AccountEvent) message.getPayload(), message.getSequenceNumber());
        }
    }

    @Test
    void personalTextIsStoredSealedAsBeforeOrNotAtAllWhenItWasNeverSealed() {
        PersonalTextCipher cipher = new PersonalTextCipher(new InMemoryPersonalKeys());
        PersonalText sealed = cipher.open(cipher.seal(PersonalText.of("cust-1", "I was abroad for surgery")));
        assertThat(sealed.sealed()).isNotNull();
        Instant at = Instant.parse("2026-11-02T10:00:00Z");

        assertStoredAsBefore(new AppealFiled("acc-1", "ap-1", 3, sealed, at.plusSeconds(86_400), at, "cust-1", "k1"), 4);
        assertStoredAsBefore(new AppealFiled("acc-1", "ap-2", 3, PersonalText.of("cust-1", "never sealed"),
                at.plusSeconds(86_400), at, "cust-1", "k2"), 5);
        assertStoredAsBefore(new AccountFrozen("acc-1", ReasonCode.MANUAL_REVIEW, null, at, null, "k3"), 6);

        Document fields = HistoryEntry.stored(
                new AppealFiled("acc-1", "ap-1", 3, sealed, at.plusSeconds(86_400), at, "cust-1", "k1"), 4)
                .decode(DOCUMENTS).get(HistoryEntry.FIELDS, Document.class);
        assertThat(EventFields.revealed(fields, cipher)).containsEntry("statement", "I was abroad for surgery");
    }

    private static void assertStoredAsBefore(AccountEvent event, long sequence) {
        Document before = storedBefore(event, sequence);
        assertThat(bytes(HistoryEntry.stored(event, sequence)))
                .as("%s %d as stored", event.getClass().getSimpleName(), sequence)
                .isEqualTo(bytes(new RawBsonDocument(before, DOCUMENTS)));
        assertThat(EventFields.of((Record) event)).as("%s fields", event.getClass().getSimpleName())
                .isEqualTo(before.get(HistoryEntry.FIELDS, Document.class));
    }

    private static byte[] bytes(RawBsonDocument document) {
        ByteBuffer buffer = document.getByteBuffer().asNIO();
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }

    /** How the history built an entry until entries were written straight to BSON. */
    private static Document storedBefore(AccountEvent event, long sequence) {
        return new Document("_id", event.accountId() + "/" + sequence).append("accountId", event.accountId())
                .append("sequence", sequence)
                .append("type", event.getClass().getSimpleName())
                .append("at", event.occurredAt().toString())
                .append("actor", event.actor())
                .append("summary", EventSummaries.of(event))
                .append("fields", fieldsBefore((Record) event));
    }

    private static Document fieldsBefore(Record event) {
        Document fields = new Document();
        for (RecordComponents.Component component : RecordComponents.of(event.getClass())) {
            fields.append(component.name(), valueBefore(component.read(event)));
        }
        return fields;
    }

    private static Object valueBefore(Object value) {
        if (value instanceof PersonalText text) {
            return EventFields.stored(text);
        }
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Integer
                || value instanceof Long) {
            return value;
        }
        if (value instanceof Money money) {
            return money.toPlainString();
        }
        if (value instanceof BigDecimal decimal) {
            return decimal.toPlainString();
        }
        if (value instanceof Enum<?> e) {
            return e.name();
        }
        if (value instanceof TemporalAccessor) {
            return value.toString();
        }
        if (value instanceof Collection<?> items) {
            List<Object> values = new ArrayList<>(items.size());
            items.forEach(item -> values.add(valueBefore(item)));
            return values;
        }
        if (value instanceof Record record) {
            return fieldsBefore(record);
        }
        return value.toString();
    }
}
