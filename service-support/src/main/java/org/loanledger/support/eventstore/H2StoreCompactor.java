package org.loanledger.support.eventstore;

import java.sql.Connection;
import java.util.Optional;
import javax.sql.DataSource;
import org.h2.mvstore.MVStore;

/**
 * Keeps the H2 file compact while {@code WRITE_DELAY=0} has H2's own background writer switched off.
 *
 * <p>Measured: without it, a store of about 550,000 events grew to 6.6 GB; with a compaction pass every 250 ms it
 * stayed at about 330 MB and lost no acknowledged commit on {@code kill -9}. Only the process that opened the file
 * (not one connected to it through {@code AUTO_SERVER}) can compact it; elsewhere this does nothing. Both services
 * run one: the command side opens the file first, but when it stops or fails the query side serves the file, and a
 * command side started again writes through it.
 *
 * <p>A pass rewrites the live pages of chunks less full than the target fill rate. With {@code WRITE_DELAY=0} every
 * commit writes a chunk of its own, most of which the next commits supersede; the pages still live in it are read
 * back, kept in memory and written again, and at a target of 80% that copying was a third of everything the command
 * side allocated and nearly all of its full collections (about 0.4 to 0.6 full collections of 200 ms per 1,000
 * commands). At 50% a chunk is rewritten only once at least half of it is dead: 2.4 times fewer full collections
 * and a quarter fewer young ones, for a file 1.6 times larger under sustained writes (BENCHMARKS.md).
 */
public class H2StoreCompactor extends StoreHousekeeping {

    /** At most this much is rewritten per pass, so a pass never holds the store for long. */
    private static final int MAX_BYTES_PER_PASS = 16 * 1024 * 1024;

    private final DataSource dataSource;
    /** Chunks less full than this (percent) are rewritten. */
    private final int targetFillRate;

    public H2StoreCompactor(DataSource dataSource, long intervalMillis, int targetFillRate) {
        super("h2-compactor", intervalMillis, "H2 compaction pass failed", "H2 compaction passes succeed again");
        this.dataSource = dataSource;
        this.targetFillRate = targetFillRate;
    }

    @Override
    protected void round() {
        compactOnce();
    }

    /** One compaction pass; true if this process owns the store file. */
    public synchronized boolean compactOnce() {
        boolean serving;
        try (Connection connection = dataSource.getConnection()) {
            Optional<MVStore> served = EmbeddedEventStoreFiles.servedStore(connection);
            served.ifPresent(store -> store.compact(targetFillRate, MAX_BYTES_PER_PASS));
            serving = served.isPresent();
        } catch (Exception e) {
            failed(e);
            return false;
        }
        succeeded();
        return serving;
    }
}
