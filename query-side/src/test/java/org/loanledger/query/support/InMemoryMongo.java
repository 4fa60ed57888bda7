package org.loanledger.query.support;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

/** A throwaway in-memory mongo-java-server for projection unit tests: the same wire behaviour as the embedded default. */
public final class InMemoryMongo implements AutoCloseable {

    private final MongoServer server;
    private final MongoClient client;

    public InMemoryMongo() {
        server = new MongoServer(new MemoryBackend());
        client = MongoClients.create(server.bindAndGetConnectionString());
    }

    public MongoDatabase database() {
        return client.getDatabase("views");
    }

    @Override
    public void close() {
        client.close();
        server.shutdownNow();
    }
}
