package org.loanledger.query.mongo;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoException;
import com.mongodb.WriteConcern;
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
import org.bson.Document;
import org.loanledger.query.projection.FoldedStates;
import org.loanledger.query.projection.ProjectionLag;
import org.loanledger.query.projection.ViewFlushingTokenStore;
import org.loanledger.support.deployment.RequiredSettings;
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

    /**
     * The embedded server runs only in the embedded default: a production profile without {@code ledger.mongodb.uri}
     * stops, since views kept on one instance's disk would silently differ between instances.
     */
    @Bean(destroyMethod = "close")
    public EmbeddedMongoServerHolder embeddedMongoServer(@Value("${ledger.mongodb.uri:}") String uri,
                                                         @Value("${ledger.data-dir:./data}") String dataDir,
                                                         @Value("${ledger.event-store:embedded}") String eventStore,
                                                         @Value("${ledger.mongodb.embedded-cache-mb:"
                                                                 + ViewStoreBackend.DEFAULT_CACHE_MEGABYTES + "}")
                                                         int cacheMegabytes,
                                                         @Value("${ledger.mongodb.embedded-write-buffer-kb:"
                                                                 + ViewStoreBackend.DEFAULT_WRITE_BUFFER_KILOBYTES + "}")
                                                         int writeBufferKilobytes) throws Exception {
        if (uri.isBlank() && !"embedded".equals(eventStore)) {
            throw RequiredSettings.missing("ledger.mongodb.uri", "LEDGER_MONGODB_URI",
                    "the " + eventStore + " profile keeps views, tracking tokens and dead letters in a MongoDB replica set");
        }
        return uri.isBlank() ? new EmbeddedMongoServerHolder(
                new EmbeddedMongoServer(Path.of(dataDir), cacheMegabytes, writeBufferKilobytes))
                : new EmbeddedMongoServerHolder(null);
    }

    /**
     * With {@code ledger.mongodb.write-concern=majority} (the production profiles) a view, token or dead letter is
     * written once a majority of the replica set journaled it, so a failover never loses a token whose views it
     * covered. A configured MongoDB must answer at startup: Axon's processors would otherwise retry in the
     * background and the service would report itself up with no views moving.
     */
    @Bean(destroyMethod = "close")
    public MongoClient mongoClient(@Value("${ledger.mongodb.uri:}") String uri, EmbeddedMongoServerHolder embedded,
                                   @Value("${ledger.mongodb.write-concern:acknowledged}") String writeConcern,
                                   @Value("${ledger.mongodb.database:loan_ledger}") String database,
                                   @Value("${ledger.startup.connect-timeout:10s}") Duration connectTimeout,
                                   @Value("${ledger.mongodb.socket-timeout:60s}") Duration socketTimeout) {
        String connection = uri.isBlank() ? embedded.server().connectionString() : uri;
        MongoClient client = MongoClients.create(clientSettings(connection, writeConcern, connectTimeout, socketTimeout));
        if (!uri.isBlank()) {
            try {
                client.getDatabase(database).runCommand(new Document("ping", 1));
            } catch (MongoException e) {
                client.close();
                throw new IllegalStateException("MongoDB is unreachable at " + redacted(uri)
                        + " (ledger.mongodb.uri, LEDGER_MONGODB_URI) within " + connectTimeout.toSeconds() + " s: "
                        + e.getMessage() + ". The service does not start without it and never falls back to the "
                        + "embedded store.", e);
            }
        }
        return client;
    }

    /**
     * How the client talks to MongoDB. A read or write that takes longer than {@code socketTimeout} fails and its batch
     * of events is projected again: that bound is what keeps a projection from hanging on MongoDB, since Axon's handler
     * timeouts are switched off on this side (application.yml).
     */
    static MongoClientSettings clientSettings(String connection, String writeConcern, Duration connectTimeout,
                                              Duration socketTimeout) {
        MongoClientSettings.Builder settings = MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(connection))
                .applyToSocketSettings(s -> s.connectTimeout(5, TimeUnit.SECONDS)
                        .readTimeout(socketTimeout.toMillis(), TimeUnit.MILLISECONDS))
                .applyToClusterSettings(s -> s.serverSelectionTimeout(connectTimeout.toMillis(), TimeUnit.MILLISECONDS));
        switch (writeConcern) {
            case "majority" -> settings.writeConcern(WriteConcern.MAJORITY.withJournal(true));
            case "acknowledged" -> { }
            default -> throw new IllegalStateException(
                    "ledger.mongodb.write-concern must be acknowledged or majority, not " + writeConcern);
        }
        return settings.build();
    }

    /** The URI as it may be logged: without a password. */
    static String redacted(String uri) {
        return uri.replaceAll("//([^:/@]+):[^@/]*@", "//$1:***@");
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

    /**
     * Tokens next to the views; the wrapper writes a batch's views before its token moves past them, and a segment's
     * token at most once per write interval while its batches follow the stream. With the embedded server, the views
     * acknowledged so far are written to its file before any token is.
     */
    @Bean
    public TokenStore tokenStore(MongoTemplate axonMongoTemplate, Serializer serializer, FoldedStates foldedStates,
                                 ProjectionLag lag, EmbeddedMongoServerHolder embedded,
                                 @Value("${axon.eventhandling.tokenstore.claim-timeout:10s}") Duration claimTimeout,
                                 @Value("${ledger.query.token-write-interval:1s}") Duration writeInterval) {
        if (writeInterval.compareTo(claimTimeout.dividedBy(5)) > 0) {
            throw new IllegalStateException("ledger.query.token-write-interval (" + writeInterval
                    + ") must be at most a fifth of the claim timeout (" + claimTimeout + "), or claims could lapse");
        }
        return new ViewFlushingTokenStore(MongoTokenStore.builder()
                .mongoTemplate(axonMongoTemplate)
                .serializer(serializer)
                .claimTimeout(claimTimeout)
                .build(), foldedStates, writeInterval, System::nanoTime, embedded.viewsKept(), lag);
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

        /**
         * What makes the views acknowledged so far kept (in the embedded server's file) before a token is written, or
         * before a view's next step depends on them: nothing for a real MongoDB, which keeps acknowledged writes in
         * order.
         */
        public Runnable viewsKept() {
            return server == null ? () -> { } : server::commit;
        }

        @Override
        public void close() {
            if (server != null) {
                server.close();
            }
        }
    }
}
