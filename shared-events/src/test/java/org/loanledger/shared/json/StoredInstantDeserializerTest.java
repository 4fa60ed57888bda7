package org.loanledger.shared.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.DefaultDeserializationContext;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class StoredInstantDeserializerTest {

    private final ObjectMapper storage = LedgerJson.storageMapper();
    private final ObjectMapper jacksonOnly = new ObjectMapper().registerModule(new JavaTimeModule());

    record Stamped(Instant at) {
    }

    @Test
    void storageMapperReadsInstantsThroughTheDirectReader() throws Exception {
        var context = ((DefaultDeserializationContext) storage.getDeserializationContext())
                .createInstance(storage.getDeserializationConfig(), null, null);
        var deserializer = context.findRootValueDeserializer(storage.constructType(Instant.class));
        assertThat(deserializer).isInstanceOf(StoredInstantDeserializer.class);
    }

    @Test
    void readsEveryFormAsJacksonsOwnInstantDeserializerDoes() throws Exception {
        for (String json : new String[] {
            "\"2026-12-02T14:27:09.123Z\"", "\"2026-12-02T14:27:09Z\"", "\"2026-12-02T14:27:09.123456789Z\"",
            "\"2026-12-02T22:27:09+08:00\"", "1764685629.123000000", "1764685629", "\"1764685629\"", "null"}) {
            String document = "{\"at\":" + json + "}";
            assertThat(storage.readValue(document, Stamped.class)).as(document)
                    .isEqualTo(jacksonOnly.readValue(document, Stamped.class));
        }
    }

    @Test
    void writesAndReadsBackTheSameInstant() throws Exception {
        Instant at = Instant.parse("2026-12-02T14:27:09.123456Z");
        String json = storage.writeValueAsString(new Stamped(at));
        assertThat(json).contains("2026-12-02T14:27:09.123456Z");
        assertThat(storage.readValue(json, Stamped.class).at()).isEqualTo(at);
    }

    @Test
    void refusesImpossibleInstantsAsJacksonDoes() {
        String document = "{\"at\":\"2026-02-30T10:00:00Z\"}";
        assertThatThrownBy(() -> jacksonOnly.readValue(document, Stamped.class))
                .isInstanceOf(InvalidFormatException.class);
        assertThatThrownBy(() -> storage.readValue(document, Stamped.class))
                .isInstanceOf(InvalidFormatException.class);
    }
}
