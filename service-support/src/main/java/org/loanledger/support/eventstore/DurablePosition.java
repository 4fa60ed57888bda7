package org.loanledger.support.eventstore;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;
import org.h2.mvstore.MVStore;

/**
 * The global index up to which the embedded event store's events are in its file, not only in the memory of the
 * process that serves it.
 *
 * <p>H2 makes a committed transaction visible to every session a moment before it writes it to the file; the
 * command side acknowledges a command only after the write, but a reader connected through {@code AUTO_SERVER} can
 * see the event in between. Should the serving process die right then, the event never existed, yet a view built
 * from it would keep it. So the process that serves the file publishes, every few milliseconds, the highest index
 * it has made durable: it reads the highest visible index, then writes the store (a no-op when nothing is pending),
 * so that everything it counted is in the file, and only then publishes the number, in a small file next to the
 * store. The query side reads nothing above it.
 *
 * <p>Both services run one; whichever process serves the store publishes, the other follows the published file.
 * The publisher rewrites the file at least every {@link #HEARTBEAT}; a follower that finds no file, or one older
 * than {@link #STALE_AFTER}, is connected to a process that does not publish (a release before this one, during an
 * upgrade) and reads every visible event, as such releases did.
 */
public class DurablePosition extends StoreHousekeeping {

    /** The published position's file, next to the event store in the data directory. */
    public static final String FILE_NAME = "events.durable";

    /** How often the publisher rewrites an unchanged position, to show it is there. */
    public static final Duration HEARTBEAT = Duration.ofSeconds(1);

    /** How old a published position may be before a follower stops waiting for it. */
    public static final Duration STALE_AFTER = Duration.ofSeconds(10);

    private final DataSource dataSource;
    private final Path file;
    private volatile long position = -1;
    private long published = Long.MIN_VALUE;
    private long publishedAtNanos;

    public DurablePosition(DataSource dataSource, Path dataDir, long intervalMillis) {
        super("durable-event-position", intervalMillis, "Could not refresh the durable event position",
                "The durable event position is refreshed again");
        this.dataSource = dataSource;
        this.file = dataDir.toAbsolutePath().normalize().resolve(FILE_NAME);
    }

    /**
     * The highest global index known to be in the file: -1 before anything is, {@link Long#MAX_VALUE} when the
     * serving process publishes nothing.
     */
    public long current() {
        return position;
    }

    /**
     * One round: publishes the durable position if this process serves the store, else reads what the serving
     * process published. Returns the position now known.
     */
    public synchronized long refresh() {
        try (Connection connection = dataSource.getConnection()) {
            Optional<MVStore> served = EmbeddedEventStoreFiles.servedStore(connection);
            if (served.isPresent()) {
                long visible = EmbeddedEventStoreFiles.head(connection);
                served.get().commit();
                publish(visible);
            } else {
                follow();
            }
        } catch (SQLException | IOException | RuntimeException e) {
            failed(e);
            return position;
        }
        succeeded();
        return position;
    }

    private void publish(long durable) throws IOException {
        if (durable != published || System.nanoTime() - publishedAtNanos >= HEARTBEAT.toNanos()) {
            Path next = file.resolveSibling(FILE_NAME + ".next");
            Files.writeString(next, Long.toString(durable));
            try {
                Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(next, file, StandardCopyOption.REPLACE_EXISTING);
            }
            published = durable;
            publishedAtNanos = System.nanoTime();
        }
        position = durable;
    }

    private void follow() throws IOException {
        try {
            Instant written = Files.getLastModifiedTime(file).toInstant();
            String text = Files.readString(file).trim();
            if (Duration.between(written, Instant.now()).compareTo(STALE_AFTER) > 0) {
                position = Long.MAX_VALUE;
            } else if (!text.isEmpty()) {
                position = Long.parseLong(text);
            }
        } catch (NoSuchFileException e) {
            position = Long.MAX_VALUE;
        }
    }

    @Override
    protected void round() {
        refresh();
    }

    /** Knows the position before the application serves anything, then refreshes it every interval. */
    @Override
    public void start() {
        refresh();
        super.start();
    }
}
