package org.loanledger.support.eventstore;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes the lock file that a process killed with its H2 database open leaves behind, once it is proven that no
 * process holds the database, so that the next start opens it at once.
 *
 * <p>With {@code AUTO_SERVER}, H2 locks a database with a file next to it ({@code <name>.lock.db}) naming the
 * process's server. A process that opens the database and finds such a file first tries the server it names
 * (16 attempts over 1.2 s), then writes the file itself and waits 2 s to see whether a holder writes it back. After
 * {@code kill -9} a service therefore spent about 3.3 s on each of its two databases before it served again.
 *
 * <p>A lock file is abandoned when all of these hold, and then it is removed:
 * <ul>
 *   <li>it was last written at least {@link #QUIET} ago: a process opening the database writes the file just before
 *       it locks the database file itself, so a recent write may be a process in the middle of opening;</li>
 *   <li>it is H2's file method and names a server, and that server refuses a connection: no live {@code AUTO_SERVER}
 *       process serves the database, this one included;</li>
 *   <li>the database file can be locked: H2 holds an exclusive lock on it for as long as the database is open, in
 *       any process;</li>
 *   <li>the file is still the one that was checked when it has been moved aside: had a process written it
 *       meanwhile, it is moved back, and H2's own protocol decides as before.</li>
 * </ul>
 * Anything else, or any doubt, leaves the file where it is, and H2 waits as it always has; the log says which check
 * kept it ({@link Outcome}).
 */
public final class AbandonedLockFiles {

    /** How long a lock file must have gone unwritten before it can be abandoned. */
    static final Duration QUIET = Duration.ofSeconds(5);

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);
    private static final String LOCK_SUFFIX = ".lock.db";
    private static final String DATA_SUFFIX = ".mv.db";

    private static final Logger log = LoggerFactory.getLogger(AbandonedLockFiles.class);

    private AbandonedLockFiles() {
    }

    /** What a look at a lock file found, and so what became of it; every outcome but the first leaves it to H2. */
    enum Outcome {
        REMOVED("it was left by a process that stopped without closing the database"),
        NO_LOCK_FILE("there is none"),
        RECENTLY_WRITTEN("it was written less than " + QUIET.toSeconds() + " s ago: a process may be opening the database"),
        NOT_A_SERVER_LOCK("it is not H2's file method naming a server"),
        SERVER_ANSWERS("the server it names accepts connections"),
        DATABASE_HELD("a process has the database file locked"),
        WRITTEN_WHILE_MOVING("a process wrote it between the checks and the removal, so it was put back"),
        REPLACED("another process removed or replaced it first"),
        FAILED("it could not be read or moved");

        final String reason;

        Outcome(String reason) {
            this.reason = reason;
        }
    }

    /**
     * Removes the lock file of {@code database} (the path H2 opens, without its suffix) if it is abandoned, and logs
     * why when a lock file stays.
     *
     * @return whether a lock file was removed
     */
    public static boolean removeIfAbandoned(Path database) {
        return removeIfAbandoned(database, Clock.systemUTC()) == Outcome.REMOVED;
    }

    static Outcome removeIfAbandoned(Path database, Clock clock) {
        return removeIfAbandoned(database, clock, () -> { });
    }

    /**
     * @param beforeMove runs between the checks and the move aside: where another process starting to open the
     *                   database could write the file (tests only)
     */
    static Outcome removeIfAbandoned(Path database, Clock clock, Runnable beforeMove) {
        Path lock = database.resolveSibling(database.getFileName() + LOCK_SUFFIX);
        Look look;
        try {
            look = look(database, lock, clock, beforeMove);
        } catch (NoSuchFileException e) {
            look = new Look(Outcome.REPLACED, null);
        } catch (IOException | UncheckedIOException | IllegalArgumentException e) {
            log.warn("Left the lock file of {} to H2: {} ({})", database, Outcome.FAILED.reason, e.toString());
            return Outcome.FAILED;
        }
        String named = look.server() == null ? "" : " (it named server " + look.server() + ")";
        if (look.outcome() == Outcome.REMOVED) {
            log.info("Removed the lock file of {}: {}{}", database, look.outcome().reason, named);
        } else if (look.outcome() != Outcome.NO_LOCK_FILE) {
            // Each start looks once per database: the line says why this start waits on H2's own protocol.
            log.info("Left the lock file of {} to H2: {}{}", database, look.outcome().reason, named);
        }
        return look.outcome();
    }

    /** An outcome, and the server the lock file named when it was read. */
    private record Look(Outcome outcome, String server) {
    }

    private static Look look(Path database, Path lock, Clock clock, Runnable beforeMove) throws IOException {
        if (!Files.isRegularFile(lock)) {
            return new Look(Outcome.NO_LOCK_FILE, null);
        }
        FileTime written = Files.getLastModifiedTime(lock);
        if (written.toInstant().isAfter(clock.instant().minus(QUIET))) {
            return new Look(Outcome.RECENTLY_WRITTEN, null);
        }
        Properties checked = read(lock);
        String id = checked.getProperty("id");
        String server = checked.getProperty("server");
        if (!"file".equals(checked.getProperty("method")) || id == null || server == null) {
            return new Look(Outcome.NOT_A_SERVER_LOCK, server);
        }
        if (accepts(server)) {
            return new Look(Outcome.SERVER_ANSWERS, server);
        }
        Path data = database.resolveSibling(database.getFileName() + DATA_SUFFIX);
        if (Files.exists(data) && !lockable(data)) {
            return new Look(Outcome.DATABASE_HELD, server);
        }
        Path aside = lock.resolveSibling(lock.getFileName() + "." + id + ".abandoned");
        beforeMove.run();
        Files.move(lock, aside, StandardCopyOption.ATOMIC_MOVE);
        if (Files.getLastModifiedTime(aside).equals(written) && checked.equals(read(aside))) {
            Files.delete(aside);
            return new Look(Outcome.REMOVED, server);
        }
        putBack(aside, lock);
        return new Look(Outcome.WRITTEN_WHILE_MOVING, server);
    }

    private static Properties read(Path lock) throws IOException {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(lock)) {
            properties.load(in);
        }
        return properties;
    }

    /** Whether something accepts connections at {@code server} ({@code host:port}, as H2 writes it). */
    private static boolean accepts(String server) {
        int colon = server.lastIndexOf(':');
        if (colon < 0) {
            return true; // not a form this class knows: treat as live
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(server.substring(0, colon), Integer.parseInt(server.substring(colon + 1))),
                    (int) CONNECT_TIMEOUT.toMillis());
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether {@code data} can be locked exclusively now, that is, no process has the database open. */
    private static boolean lockable(Path data) {
        try (FileChannel channel = FileChannel.open(data, StandardOpenOption.READ, StandardOpenOption.WRITE);
             FileLock lock = channel.tryLock()) {
            return lock != null;
        } catch (OverlappingFileLockException | IOException e) {
            return false;
        }
    }

    /** Moves a lock file written meanwhile back, unless a newer one has taken its place. */
    private static void putBack(Path aside, Path lock) throws IOException {
        try {
            Files.move(aside, lock);
        } catch (FileAlreadyExistsException e) {
            Files.delete(aside);
        }
    }
}
