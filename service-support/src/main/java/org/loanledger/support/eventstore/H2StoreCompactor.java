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
 *
 * <p>Two things held commits up, each for 100 to 450 ms every few seconds (BENCHMARKS.md, run 49), and a round now
 * avoids both:
 * <ul>
 *   <li>A compaction pass holds the store's lock throughout, and commits wait for it. A pass rewriting up to 16 MB
 *   took 100 ms to 1 s. A round now compacts in steps of {@link #BYTES_PER_STEP}, each taking the lock apart, so
 *   commits go in between; up to {@link #STEPS_PER_ROUND} steps keep the 16 MB a round could rewrite before.</li>
 *   <li>When H2 writes a chunk and finds the end of the file free, it forces the file to disk and truncates it, under
 *   the same lock. With {@code WRITE_DELAY=0} nothing else forces the file, so that force wrote out everything the
 *   operating system still held, and took up to 100 ms. A round now forces the file first, outside the lock
 *   ({@link MVStore#sync()}), so H2's own force finds little left to write. It also bounds what a power loss or an
 *   operating system crash can take: the commits since the last round, about {@code intervalMillis}, where before
 *   it was whatever the operating system had not yet written back (about 30 s by Linux's default).</li>
 * </ul>
 */
public class H2StoreCompactor extends StoreHousekeeping {

    /** At most this much is rewritten per step, so a step holds the store's lock for milliseconds. */
    static final int BYTES_PER_STEP = 256 * 1024;
    /** At most this many steps per round: 16 MB. */
    static final int STEPS_PER_ROUND = 64;

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

    /** One round: the file forced to disk, then compacted in steps; true if this process owns the store file. */
    public synchronized boolean compactOnce() {
        boolean serving;
        try (Connection connection = dataSource.getConnection()) {
            Optional<MVStore> served = EmbeddedEventStoreFiles.servedStore(connection);
            served.ifPresent(this::syncAndCompact);
            serving = served.isPresent();
        } catch (Exception e) {
            failed(e);
            return false;
        }
        succeeded();
        return serving;
    }

    private void syncAndCompact(MVStore store) {
        store.sync();
        // compact(..) is false once the chunks are as full as the target, or nothing could be rewritten.
        for (int step = 0; step < STEPS_PER_ROUND && store.compact(targetFillRate, BYTES_PER_STEP); step++) {
            // Gives a committer waiting for the lock its chance before the next step takes it again.
            Thread.yield();
        }
    }
}
