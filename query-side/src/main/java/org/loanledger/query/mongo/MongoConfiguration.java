package org.loanledger.query.mongo;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.extensions.mongo.DefaultMongoTemplate;
import org.axonframework.extensions.mongo.MongoTemplate;
import org.axonframework.extensions.mongo.eventhandling.deadletter.MongoSequencedDeadLetterQueue;
import org.axonframework.extensions.mongo.eventsourcing.tokenstore.MongoTokenStore;
import org.axonframework.modelling.saga.repository.SagaStore;
import org.axonframework.modelling.saga.repository.inmemory.InMemorySagaStore;
import org.axonframework.serialization.Serializer;
import org.axonframework.springboot.EventProcessorProperties;
import org.axonframework.springboot.util.DeadLetterQueueProviderConfigurerModule;
import org.loanledger.query.projection.ViewFlushingTokenStore;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires MongoDB for the views and for Axon's tokens and dead letters (axon-mongo has no Spring Boot starter for
 * this Axon version). With {@code ledger.mongodb.uri} set it uses that deployment and starts nothing embedded.
 */
@Configuration(proxyBeanMethods = false)
public class MongoConfiguration {

    /** Tokens, dead letters and views share one database so one backup holds a consistent picture. */
    public static final String TOKENS_COLLECTION = "tracking_tokens";
    public static final String DEAD_LETTERS_COLLECTION = "dead_letters";

    @Bean(destroyMethod = "close")
    public EmbeddedMongoServerHolder embeddedMongoServer(@Value("${ledger.mongodb.uri:}") String uri,
                                                         @Value("${ledger.data-dir:./data}") String dataDir) throws Exception {
        return uri.isBlank() ? new EmbeddedMongoServerHolder(new EmbeddedMongoServer(Path.of(dataDir)))
                : new EmbeddedMongoServerHolder(null);
    }

    @Bean(destroyMethod = "close")
    public MongoClient mongoClient(@Value("${ledger.mongodb.uri:}") String uri, EmbeddedMongoServerHolder embedded) {
        String connection = uri.isBlank() ? embedded.server().connectionString() : uri;
        MongoClientSettings settings = MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(connection))
                .applyToSocketSettings(s -> s.connectTimeout(5, TimeUnit.SECONDS))
                .applyToClusterSettings(s -> s.serverSelectionTimeout(10, TimeUnit.SECONDS))
                .build();
        return MongoClients.create(settings);
    }

    @Bean
    public MongoDatabase viewDatabase(MongoClient mongoClient,
                                      @Value("${ledger.mongodb.database:loan_ledger}") String database) {
        return mongoClient.getDatabase(database);
    }

    @Bean
    public MongoTemplate axonMongoTemplate(MongoDatabase viewDatabase) {
        return DefaultMongoTemplate.builder()
                .mongoDatabase(viewDatabase)
                .trackingTokensCollectionName(TOKENS_COLLECTION)
                .deadLetterCollectionName(DEAD_LETTERS_COLLECTION)
                .build();
    }

    /** Tokens next to the views; the wrapper writes a batch's views before its token moves past them. */
    @Bean
    public TokenStore tokenStore(MongoTemplate axonMongoTemplate, Serializer serializer,
                                 @Value("${axon.eventhandling.tokenstore.claim-timeout:10s}") Duration claimTimeout) {
        return new ViewFlushingTokenStore(MongoTokenStore.builder()
                .mongoTemplate(axonMongoTemplate)
                .serializer(serializer)
                .claimTimeout(claimTimeout)
                .build());
    }

    /** The ledger has no sagas; this keeps Axon from setting up a JDBC saga store in the event store's database. */
    @Bean
    public SagaStore<Object> sagaStore() {
        return new InMemorySagaStore();
    }

    /**
     * A dead-letter queue in MongoDB for every processing group whose {@code dlq.enabled} is set, in place of the
     * JDBC one Axon would put into the event store's database.
     */
    @Bean
    public DeadLetterQueueProviderConfigurerModule deadLetterQueueProviderConfigurerModule(
            EventProcessorProperties eventProcessorProperties, MongoTemplate axonMongoTemplate,
            Serializer serializer) {
        return new DeadLetterQueueProviderConfigurerModule(eventProcessorProperties,
                processingGroup -> config -> MongoSequencedDeadLetterQueue.builder()
                        .processingGroup(processingGroup)
                        .mongoTemplate(axonMongoTemplate)
                        .serializer(serializer)
                        .build());
    }

    /** Holds the embedded server when one runs, so its lifetime is the application context's. */
    public record EmbeddedMongoServerHolder(EmbeddedMongoServer server) implements AutoCloseable {
        @Override
        public void close() {
            if (server != null) {
                server.close();
            }
        }
    }
}
