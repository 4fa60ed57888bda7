package org.loanledger.query.mongo;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The embedded default: mongo-java-server on a random loopback port, persisted to one H2 MVStore file.
 *
 * <p>Its limits shape the views: it builds unique indexes but ignores the others, so every hot read goes by
 * {@code _id}; and it has no transactions, so every projection is idempotent under redelivery.
 */
public final class EmbeddedMongoServer implements AutoCloseable {

    /** The file, inside the data directory, that holds views, tokens and dead letters. */
    public static final String FILE_NAME = "views.mv";

    private final H2Backend backend;
    private final MongoServer server;
    private final InetSocketAddress address;

    /** @param cacheMegabytes how much of the views is kept decoded in memory */
    public EmbeddedMongoServer(Path dataDir, int cacheMegabytes) throws Exception {
        Path directory = dataDir.toAbsolutePath().normalize();
        Files.createDirectories(directory);
        backend = new ViewStoreBackend(directory.resolve(FILE_NAME).toString(), cacheMegabytes);
        server = new MongoServer(backend);
        address = server.bind();
    }

    public String connectionString() {
        return "mongodb://" + address.getHostString() + ":" + address.getPort();
    }

    @Override
    public void close() {
        server.shutdownNow();
        backend.close();
    }
}
