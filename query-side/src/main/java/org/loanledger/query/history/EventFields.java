package org.loanledger.query.history;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.bson.BsonBinaryWriter;
import org.bson.BsonWriter;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.codecs.DocumentCodec;
import org.bson.codecs.EncoderContext;
import org.bson.io.BasicOutputBuffer;
import org.loanledger.shared.money.Money;
import org.loanledger.shared.personal.PersonalText;
import org.loanledger.shared.personal.PersonalTextCipher;
import org.loanledger.shared.personal.Sealed;
import org.loanledger.shared.records.RecordComponents;

/**
 * An event's fields as history shows them: amounts as strings with two decimals, times as ISO-8601 text, enums by
 * name, nested records as objects. Written from the record components, so a field added to an event shows up in
 * history without a change here.
 *
 * <p>Personal text is kept in views as the store keeps it, sealed under its customer's key, and opened only when it
 * is read ({@link #revealed}): so the view file holds no personal text in clear, and an erasure (which deletes the
 * key) reaches every view at once, including views rebuilt later, without rewriting any of them.
 */
public final class EventFields {

    /** The key under which a view keeps sealed personal text. */
    static final String SEALED = "sealed";

    /** The entry field that names the fields whose personal text was erased. */
    public static final String ERASED_FIELDS = "erasedFields";

    private static final DocumentCodec DOCUMENTS = new DocumentCodec();

    private EventFields() {
    }

    /** The fields of {@code event} as a document, as {@link #write} stores them. */
    public static Document of(Record event) {
        return encoded(256, writer -> write(writer, event)).decode(DOCUMENTS);
    }

    /** The BSON document {@code writing} writes, with room for {@code expectedBytes} before the buffer grows. */
    static RawBsonDocument encoded(int expectedBytes, Consumer<BsonWriter> writing) {
        BasicOutputBuffer buffer = new BasicOutputBuffer(expectedBytes);
        try (BsonBinaryWriter writer = new BsonBinaryWriter(buffer)) {
            writing.accept(writer);
        }
        return new RawBsonDocument(buffer.getInternalBuffer(), 0, buffer.getPosition());
    }

    /**
     * Writes the fields of {@code event} as a BSON document, at the writer's position: straight to BSON, without
     * building a document first, since every event a history rebuild reads goes through here.
     */
    static void write(BsonWriter writer, Record event) {
        writer.writeStartDocument();
        for (RecordComponents.Component component : RecordComponents.of(event.getClass())) {
            writer.writeName(component.name());
            writeValue(writer, component.read(event));
        }
        writer.writeEndDocument();
    }

    /** A personal text as a view stores it: sealed as read from the store, or the text when it is stored in clear. */
    public static Object stored(PersonalText text) {
        if (text == null) {
            return null;
        }
        Sealed sealed = text.sealed();
        if (sealed == null) {
            return text.personal() ? null : text.text();
        }
        return new Document(SEALED, new Document("subject", sealed.subject()).append("keyId", sealed.keyId())
                .append("seal", sealed.seal()).append("cipher", sealed.cipher()));
    }

    /** A stored value as a reader sees it: sealed text opened (null once erased), anything else as it is. */
    public static Object opened(Object stored, PersonalTextCipher cipher) {
        PersonalText text = open(stored, cipher);
        return text == null ? stored : text.text();
    }

    /** Whether a stored value is sealed text whose key was deleted. */
    public static boolean erased(Object stored, PersonalTextCipher cipher) {
        PersonalText text = open(stored, cipher);
        return text != null && text.erased();
    }

    /**
     * Stored fields as a reader sees them: sealed text opened, and {@value #ERASED_FIELDS} naming the fields whose
     * text was erased, when there are any.
     */
    public static Map<String, Object> revealed(Document fields, PersonalTextCipher cipher) {
        Map<String, Object> shown = new LinkedHashMap<>();
        List<String> erased = new ArrayList<>();
        fields.forEach((name, stored) -> {
            PersonalText text = open(stored, cipher);
            if (text == null) {
                shown.put(name, stored);
            } else {
                shown.put(name, text.text());
                if (text.erased()) {
                    erased.add(name);
                }
            }
        });
        if (!erased.isEmpty()) {
            shown.put(ERASED_FIELDS, erased);
        }
        return shown;
    }

    private static PersonalText open(Object stored, PersonalTextCipher cipher) {
        if (!(stored instanceof Document document) || !(document.get(SEALED) instanceof Document sealed)) {
            return null;
        }
        return cipher.open(new Sealed(sealed.getString("subject"), sealed.getString("keyId"),
                sealed.getString("seal"), sealed.getString("cipher")));
    }

    private static void writeValue(BsonWriter writer, Object value) {
        if (value == null) {
            writer.writeNull();
        } else if (value instanceof PersonalText text) {
            Object stored = stored(text);
            if (stored instanceof Document sealed) {
                DOCUMENTS.encode(writer, sealed, EncoderContext.builder().build());
            } else {
                writeValue(writer, stored);
            }
        } else if (value instanceof String text) {
            writer.writeString(text);
        } else if (value instanceof Boolean flag) {
            writer.writeBoolean(flag);
        } else if (value instanceof Integer number) {
            writer.writeInt32(number);
        } else if (value instanceof Long number) {
            writer.writeInt64(number);
        } else if (value instanceof Money money) {
            writer.writeString(money.toPlainString());
        } else if (value instanceof BigDecimal decimal) {
            writer.writeString(decimal.toPlainString());
        } else if (value instanceof Enum<?> e) {
            writer.writeString(e.name());
        } else if (value instanceof Collection<?> items) {
            writer.writeStartArray();
            items.forEach(item -> writeValue(writer, item));
            writer.writeEndArray();
        } else if (value instanceof Record record) {
            write(writer, record);
        } else {
            // Times (ISO-8601) and anything else by its text.
            writer.writeString(value.toString());
        }
    }
}
