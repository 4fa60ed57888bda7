package org.loanledger.shared.personal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;

/**
 * The storage form of {@link PersonalText}: a JSON string for text in clear (as every note was written before
 * sealing existed, so older events read unchanged), an object {@code {subject, keyId, seal, cipher}} for personal
 * text. Installed in the storage mapper, this is where personal text is sealed on write and opened on read, for
 * every event, snapshot and dead letter alike.
 */
public final class PersonalDataModule extends SimpleModule {

    public PersonalDataModule(PersonalKeys keys) {
        super("ledger-personal-data");
        PersonalTextCipher cipher = new PersonalTextCipher(keys);
        addSerializer(PersonalText.class, new JsonSerializer<>() {
            @Override
            public void serialize(PersonalText value, JsonGenerator out, SerializerProvider provider) throws IOException {
                if (!value.personal()) {
                    out.writeString(value.text());
                    return;
                }
                Sealed sealed = cipher.seal(value);
                out.writeStartObject();
                out.writeStringField("subject", sealed.subject());
                out.writeStringField("keyId", sealed.keyId());
                out.writeStringField("seal", sealed.seal());
                out.writeStringField("cipher", sealed.cipher());
                out.writeEndObject();
            }
        });
        addDeserializer(PersonalText.class, new JsonDeserializer<>() {
            @Override
            public PersonalText deserialize(JsonParser in, DeserializationContext context) throws IOException {
                if (in.currentToken() == JsonToken.VALUE_STRING) {
                    return PersonalText.clear(in.getText());
                }
                JsonNode node = in.readValueAsTree();
                return cipher.open(new Sealed(text(node, "subject"), text(node, "keyId"), text(node, "seal"),
                        text(node, "cipher")));
            }
        });
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
