package org.loanledger.shared.json;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Instant;
import org.loanledger.shared.personal.InMemoryPersonalKeys;
import org.loanledger.shared.personal.PersonalDataModule;
import org.loanledger.shared.personal.PersonalKeys;

/**
 * The object mapper for everything the ledger stores: events, snapshots and processor tokens.
 *
 * <p>Stored JSON is made of fields only (never of convenience methods such as {@code available()}), decimals are
 * written as plain numbers that keep their scale, and times are ISO-8601 text. Properties a reader does not know
 * are ignored: an older reader must still read what a newer writer added, and renames go through upcasters.
 */
public final class LedgerJson {

    private LedgerJson() {
    }

    /**
     * The storage mapper with keys that live and die with it: personal text it writes, only it can read. For tests
     * and for tools that read events without needing their text (which then reads as erased).
     */
    public static ObjectMapper storageMapper() {
        return storageMapper(new InMemoryPersonalKeys());
    }

    /** The storage mapper that seals and opens personal text with the customers' keys in {@code keys}. */
    public static ObjectMapper storageMapper(PersonalKeys keys) {
        return JsonMapper.builder()
                .addModule(new PersonalDataModule(keys))
                .addModule(new JavaTimeModule())
                // Registered after the JavaTimeModule, so it takes precedence for Instant.
                .addModule(new SimpleModule("stored-instants")
                        .addDeserializer(Instant.class, new StoredInstantDeserializer()))
                .visibility(PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE)
                .visibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY)
                .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                // Upcasters work on JSON trees; a tree must keep 1500.00 as written, not normalise it to 1.5E+3.
                .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
                .build();
    }
}
