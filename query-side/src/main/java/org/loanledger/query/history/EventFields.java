package org.loanledger.query.history;

import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.bson.Document;
import org.loanledger.shared.money.Money;

/**
 * An event's fields as history shows them: amounts as strings with two decimals, times as ISO-8601 text, enums by
 * name, nested records as objects. Written from the record components, so a field added to an event shows up in
 * history without a change here.
 */
public final class EventFields {

    private EventFields() {
    }

    public static Document of(Record event) {
        Document fields = new Document();
        for (RecordComponent component : event.getClass().getRecordComponents()) {
            fields.append(component.getName(), value(read(component, event)));
        }
        return fields;
    }

    private static Object value(Object value) {
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
            items.forEach(item -> values.add(value(item)));
            return values;
        }
        if (value instanceof Record record) {
            return of(record);
        }
        return value.toString();
    }

    private static Object read(RecordComponent component, Record record) {
        try {
            return component.getAccessor().invoke(record);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read " + component.getName() + " of " + record.getClass().getName(), e);
        }
    }
}
