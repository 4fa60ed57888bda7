package org.loanledger.query.eventstore;

import org.axonframework.serialization.RevisionResolver;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.loanledger.shared.json.LedgerJson;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/**
 * Events are read in the ledger's one storage form ({@link LedgerJson}), exactly as the command side writes them;
 * tokens and dead letters are stored in the same form.
 */
@Configuration(proxyBeanMethods = false)
public class SerializationConfiguration {

    @Bean
    @Primary
    public Serializer serializer(RevisionResolver revisionResolver) {
        return storageSerializer(revisionResolver);
    }

    @Bean
    @Qualifier("eventSerializer")
    public Serializer eventSerializer(RevisionResolver revisionResolver) {
        return storageSerializer(revisionResolver);
    }

    @Bean
    @Qualifier("messageSerializer")
    public Serializer messageSerializer(RevisionResolver revisionResolver) {
        return storageSerializer(revisionResolver);
    }

    private static Serializer storageSerializer(RevisionResolver revisionResolver) {
        return JacksonSerializer.builder()
                .objectMapper(LedgerJson.storageMapper())
                .revisionResolver(revisionResolver)
                .build();
    }
}
