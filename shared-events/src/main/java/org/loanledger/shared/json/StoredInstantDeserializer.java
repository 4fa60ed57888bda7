package org.loanledger.shared.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;
import java.io.IOException;
import java.time.Instant;

/**
 * Reads an {@link Instant} field of stored JSON: text in the form the ledger writes goes through
 * {@link IsoInstants#parseDirect}, everything else (epoch numbers, offsets, malformed text and its error) through
 * Jackson's own {@link InstantDeserializer#INSTANT}, exactly as before. Every event carries at least one instant, so
 * this is on the path of every event a rebuild or an audit reads.
 */
final class StoredInstantDeserializer extends StdScalarDeserializer<Instant> {

    private static final long serialVersionUID = 1L;

    StoredInstantDeserializer() {
        super(Instant.class);
    }

    @Override
    public Instant deserialize(JsonParser parser, DeserializationContext context) throws IOException {
        if (parser.hasToken(JsonToken.VALUE_STRING)) {
            Instant direct = IsoInstants.parseDirect(parser.getText());
            if (direct != null) {
                return direct;
            }
        }
        return InstantDeserializer.INSTANT.deserialize(parser, context);
    }
}
