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

    /**
     * @param cacheMegabytes       how much of the views is kept decoded in memory
     * @param writeBufferKilobytes how much of the changes is held in memory before they are written to the file
     */
    public EmbeddedMongoServer(Path dataDir, int cacheMegabytes, int writeBufferKilobytes) throws Exception {
        Path directory = dataDir.toAbsolutePath().normalize();
        Files.createDirectories(directory);
        backend = new ViewStoreBackend(directory.resolve(FILE_NAME).toString(), cacheMegabytes, writeBufferKilobytes);
        server = new MongoServer(backend);
        address = server.bind();
    }

    /**
     * Writes to the file everything the server has acknowledged so far. H2 otherwise writes it about once a second in
     * the background, taking each collection's state as it reaches it: a crash could then keep a later write to one
     * collection (a token) without an earlier one to another (the views it covers). A write acknowledged before this
     * returns is in the file, with every write acknowledged before it.
     */
    public void commit() {
        backend.commit();
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
