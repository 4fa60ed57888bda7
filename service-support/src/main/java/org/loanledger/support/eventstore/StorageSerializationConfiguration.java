package org.loanledger.support.eventstore;

import org.axonframework.serialization.RevisionResolver;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.serialization.upcasting.event.EventUpcasterChain;
import org.loanledger.shared.json.LedgerJson;
import org.loanledger.shared.personal.PersonalKeys;
import org.loanledger.support.personal.PersonalKeysConfiguration;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.axonframework.springboot.autoconfig.AxonAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Primary;

/**
 * Events, snapshots, tokens and messages are stored as JSON in the ledger's one storage form ({@link LedgerJson}),
 * on both sides, so each reads exactly what the other wrote.
 */
@AutoConfiguration(before = AxonAutoConfiguration.class, after = PersonalKeysConfiguration.class)
public class StorageSerializationConfiguration {

    @Bean
    @Primary
    public Serializer serializer(RevisionResolver revisionResolver, PersonalKeys personalKeys) {
        return storageSerializer(revisionResolver, personalKeys);
    }

    @Bean
    @Qualifier("eventSerializer")
    public Serializer eventSerializer(RevisionResolver revisionResolver, PersonalKeys personalKeys) {
        return storageSerializer(revisionResolver, personalKeys);
    }

    @Bean
    @Qualifier("messageSerializer")
    public Serializer messageSerializer(RevisionResolver revisionResolver, PersonalKeys personalKeys) {
        return storageSerializer(revisionResolver, personalKeys);
    }

    /** Every event revision ever released is read as the current one; Axon applies this chain to every read. */
    @Bean
    public EventUpcasterChain ledgerUpcasters() {
        return LedgerUpcasters.chain();
    }

    /** Personal text is sealed on write and opened on read here, under its customer's key ({@link PersonalKeys}). */
    private static Serializer storageSerializer(RevisionResolver revisionResolver, PersonalKeys personalKeys) {
        return JacksonSerializer.builder()
                .objectMapper(LedgerJson.storageMapper(personalKeys))
                .revisionResolver(revisionResolver)
                .build();
    }
}
