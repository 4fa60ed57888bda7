package org.loanledger.query.release;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.eventsourcing.EventStreamUtils;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.loanledger.shared.json.LedgerJson;
import org.loanledger.support.eventstore.LedgerUpcasters;

/**
 * {@code stored-events/account-history.json} ({@link StoredEventFixtureWriter}): one account's events of every type
 * and every revision ever released, as the store holds them, and as the current code reads them.
 */
public final class StoredEventFixture {

    private StoredEventFixture() {
    }

    /** The stored entries: payload and metadata JSON, type, revision, as the event store's rows hold them. */
    public static List<JsonNode> stored() {
        try (InputStream in = StoredEventFixture.class.getResourceAsStream("/stored-events/account-history.json")) {
            List<JsonNode> stored = new ArrayList<>();
            LedgerJson.storageMapper().readTree(in).forEach(stored::add);
            return stored;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The stored entries read through the current upcasters into today's event types, in their order. */
    public static List<DomainEventMessage<?>> events(List<JsonNode> stored) {
        Serializer serializer = JacksonSerializer.builder().objectMapper(LedgerJson.storageMapper()).build();
        Stream<DomainEventData<?>> data = stored.stream().map(entry -> new GenericDomainEventEntry<>(
                "LoanAccount", entry.get("aggregateIdentifier").asText(), entry.get("sequenceNumber").asLong(),
                entry.get("eventIdentifier").asText(), Instant.parse(entry.get("timeStamp").asText()),
                entry.get("payloadType").asText(), entry.get("payloadRevision").asText(),
                entry.get("payload").asText().getBytes(StandardCharsets.UTF_8),
                entry.get("metaData").asText().getBytes(StandardCharsets.UTF_8)));
        return EventStreamUtils.upcastAndDeserializeDomainEvents(data, serializer, LedgerUpcasters.chain())
                .asStream().<DomainEventMessage<?>>map(m -> m).toList();
    }
}
