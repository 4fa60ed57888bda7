package org.loanledger.support.eventstore;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.h2.mvstore.MVStore;

/**
 * Which of the embedded event store's events are in its file, not only in the memory of the process that serves it:
 * every global index up to a position, except those it holds back.
 *
 * <p>H2 makes a committed transaction visible to every session a moment before it writes it to the file; the
 * command side acknowledges a command only after the write, but a reader connected through {@code AUTO_SERVER} can
 * see the event in between. Should the serving process die right then, the event never existed, yet a view built
 * from it would keep it. So the process that serves the file publishes, every few milliseconds, what it has made
 * durable: it reads which events are visible, then writes the store (a no-op when nothing is pending), so that
 * everything it saw is in the file, and only then publishes it, in a small file next to the store that both processes
 * map into memory ({@link PositionFile}). The query side reads nothing else.
 *
 * <p>Visible is not yet whole: H2 shows a commit to other sessions before it has flipped the transaction's rows and
 * cleared its undo log, and a write that takes its maps while that is under way can keep the transaction as rows that
 * read as never written after a restart. So before it writes, the round waits for every commit that had begun when
 * it read ({@link CommitsInFlight}, counted by the writers' {@link CommitTrackingDataSource}); a commit that has
 * returned is whole in any later write.
 *
 * <p>What is published is the highest visible index and the indexes below it that were not visible: its gaps. A gap
 * is a transaction that took its index before another one and has not committed yet, or one that rolled back. The
 * first kind becomes visible later, possibly a moment before it is in the file, so a gap is held back until a later
 * round sees it: publishing only the highest index let such an event through, and a kill then left the views one
 * event ahead of the store (CRASH-SAFETY.md, 2026-12-06). A gap is given up after the gap timeout of the query side's
 * event reads, or once it is further below the highest index than their largest gap, as those reads give it up.
 *
 * <p>Both services run one; whichever process serves the store publishes, the other follows the published file.
 * The publisher publishes again at least every {@link #HEARTBEAT}; a follower that finds no publication in this
 * file's layout, or one older than {@link #STALE_AFTER}, is connected to a process that does not publish it (a release
 * before this one, during an upgrade) and reads every visible event, as such releases did.
 */
public class DurablePosition extends StoreHousekeeping {

    /** The published position's file, next to the event store in the data directory. */
    public static final String FILE_NAME = "events.durable";

    /** How often the publisher rewrites an unchanged position, to show it is there. */
    public static final Duration HEARTBEAT = Duration.ofSeconds(1);

    /** How old a published position may be before a follower stops waiting for it. */
    public static final Duration STALE_AFTER = Duration.ofSeconds(10);

    /** How long a gap is held back at most: the gap timeout of the query side's event reads. */
    static final Duration GAP_TIMEOUT = Duration.ofMillis(StoredTimestampEventStorageEngine.DEFAULT_GAP_TIMEOUT_MILLIS);

    /** How far below the highest index a gap is held back at most: the largest gap of the query side's reads. */
    static final int MAX_GAP_OFFSET = StoredTimestampEventStorageEngine.DEFAULT_MAX_GAP_OFFSET;

    /** The store's first global index; none lies below it. */
    private static final long FIRST_INDEX = StoredTimestampEventStorageEngine.DEFAULT_LOWEST_GLOBAL_SEQUENCE;

    /** What is known to be durable: every index up to {@code position} but those in {@code heldBack} (sorted). */
    private record Durable(long position, long[] heldBack) {

        static final Durable NOTHING = new Durable(-1, new long[0]);
        static final Durable EVERYTHING = new Durable(Long.MAX_VALUE, new long[0]);

        boolean covers(long index) {
            return index <= position && Arrays.binarySearch(heldBack, index) < 0;
        }

        /** Every index up to this one is covered: the position, or the index below the lowest one held back. */
        long coveredThrough() {
            return heldBack.length == 0 ? position : Math.min(position, heldBack[0] - 1);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Durable that && position == that.position
                    && Arrays.equals(heldBack, that.heldBack);
        }

        @Override
        public int hashCode() {
            return Long.hashCode(position) * 31 + Arrays.hashCode(heldBack);
        }
    }

    /** How long a round waits for the commits under way when it read; past it, the round fails and is retried. */
    static final Duration COMMITS_BOUND = Duration.ofSeconds(1);

    private final DataSource dataSource;
    private final CommitsInFlight commits;
    private final PositionFile file;
    private volatile Durable durable = Durable.NOTHING;
    private Durable published;
    private long publishedAtNanos;
    private long remappedAtMillis;

    /** The serving process's view of the store: the highest index it has seen, and the gaps below it, by index. */
    private boolean serving;
    private long seen;
    private final TreeMap<Long, Long> gapsSeenAtNanos = new TreeMap<>();

    /** For a process whose writers' commits are not counted: it waits for none. */
    public DurablePosition(DataSource dataSource, Path dataDir, long intervalMillis) {
        this(dataSource, new CommitsInFlight(), dataDir, intervalMillis);
    }

    /** @param commits the commits of this process's writers, counted by {@link CommitTrackingDataSource} */
    public DurablePosition(DataSource dataSource, CommitsInFlight commits, Path dataDir, long intervalMillis) {
        super("durable-event-position", intervalMillis, "Could not refresh the durable event position",
                "The durable event position is refreshed again");
        this.dataSource = dataSource;
        this.commits = commits;
        this.file = new PositionFile(dataDir.toAbsolutePath().normalize().resolve(FILE_NAME));
    }

    /**
     * The highest global index known to be in the file: -1 before anything is, {@link Long#MAX_VALUE} when the
     * serving process publishes nothing. Some indexes below it may be held back ({@link #covers}).
     */
    public long current() {
        return durable.position();
    }

    /** Whether the event at global index {@code index} is known to be in the file, so that a view may keep it. */
    public boolean covers(long index) {
        return durable.covers(index);
    }

    /**
     * The highest global index up to which every index is covered: {@link #current()}, or the index below the lowest
     * one held back. Only an index above it may need {@link #covers} to be asked.
     */
    public long coveredThrough() {
        return durable.coveredThrough();
    }

    /** The indexes below {@link #current()} that are held back, in order. */
    public List<Long> heldBack() {
        return Arrays.stream(durable.heldBack()).boxed().toList();
    }

    /**
     * One round: publishes what is durable if this process serves the store, else reads what the serving process
     * published. Returns the position now known.
     */
    public synchronized long refresh() {
        try (Connection connection = dataSource.getConnection()) {
            Optional<MVStore> served = EmbeddedEventStoreFiles.servedStore(connection);
            if (served.isPresent()) {
                Durable visible = visible(connection);
                if (!commits.awaitBegunBefore(COMMITS_BOUND)) {
                    throw new IllegalStateException("commits under way when the round read did not return within "
                            + COMMITS_BOUND);
                }
                served.get().commit();
                publish(visible);
            } else {
                serving = false;
                follow();
            }
        } catch (SQLException | IOException | RuntimeException e) {
            failed(e);
            return durable.position();
        }
        succeeded();
        return durable.position();
    }

    /**
     * The events visible now: the indexes above those seen before, the gaps among them, and the gaps seen before
     * that are still empty. The first round after this process began to serve the store starts from the highest
     * index: the store was just opened, or the process that served it died, so no transaction is under way.
     */
    private Durable visible(Connection connection) throws SQLException {
        long now = System.nanoTime();
        if (!serving) {
            seen = EmbeddedEventStoreFiles.head(connection);
            gapsSeenAtNanos.clear();
            serving = true;
        }
        try (PreparedStatement newer = connection.prepareStatement(
                "SELECT globalIndex FROM DomainEventEntry WHERE globalIndex > ? ORDER BY globalIndex")) {
            newer.setLong(1, seen);
            try (ResultSet rows = newer.executeQuery()) {
                while (rows.next()) {
                    long index = rows.getLong(1);
                    for (long gap = Math.max(Math.max(seen + 1, FIRST_INDEX), index - MAX_GAP_OFFSET); gap < index; gap++) {
                        gapsSeenAtNanos.put(gap, now);
                    }
                    seen = index;
                }
            }
        }
        gapsSeenAtNanos.headMap(seen - MAX_GAP_OFFSET).clear();
        gapsSeenAtNanos.values().removeIf(since -> now - since > GAP_TIMEOUT.toNanos());
        if (!gapsSeenAtNanos.isEmpty()) {
            String gaps = gapsSeenAtNanos.keySet().stream().map(String::valueOf).collect(Collectors.joining(","));
            try (Statement statement = connection.createStatement();
                 ResultSet filled = statement.executeQuery(
                         "SELECT globalIndex FROM DomainEventEntry WHERE globalIndex IN (" + gaps + ")")) {
                while (filled.next()) {
                    gapsSeenAtNanos.remove(filled.getLong(1));
                }
            }
        }
        return new Durable(seen, gapsSeenAtNanos.keySet().stream().mapToLong(Long::longValue).toArray());
    }

    private void publish(Durable now) throws IOException {
        if (!now.equals(published) || System.nanoTime() - publishedAtNanos >= HEARTBEAT.toNanos()) {
            file.publish(now.position(), now.heldBack(), System.currentTimeMillis());
            published = now;
            publishedAtNanos = System.nanoTime();
        }
        durable = now;
    }

    /**
     * Reads the serving process's publication. While there is none, every round looks for the file; one that has not
     * changed for a few heartbeats is read again from the file mapped anew, once a heartbeat at most (the file may
     * have been replaced since). A publication older than {@link #STALE_AFTER}, or none, is not waited for.
     */
    private void follow() throws IOException {
        Optional<PositionFile.Publication> publication = file.read();
        long now = System.currentTimeMillis();
        if (publication.isPresent() && now - publication.get().publishedAtMillis() > 3 * HEARTBEAT.toMillis()
                && now - remappedAtMillis >= HEARTBEAT.toMillis()) {
            remappedAtMillis = now;
            file.remap();
            publication = file.read();
        }
        if (publication.isEmpty() || now - publication.get().publishedAtMillis() > STALE_AFTER.toMillis()) {
            durable = Durable.EVERYTHING;
        } else {
            durable = new Durable(publication.get().position(), publication.get().heldBack());
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
