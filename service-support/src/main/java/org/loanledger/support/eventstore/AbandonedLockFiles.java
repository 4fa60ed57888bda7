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
 * Anything else, or any doubt, leaves the file where it is, and H2 waits as it always has.
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

    /**
     * Removes the lock file of {@code database} (the path H2 opens, without its suffix) if it is abandoned.
     *
     * @return whether a lock file was removed
     */
    public static boolean removeIfAbandoned(Path database) {
        return removeIfAbandoned(database, Clock.systemUTC());
    }

    static boolean removeIfAbandoned(Path database, Clock clock) {
        return removeIfAbandoned(database, clock, () -> { });
    }

    /**
     * @param beforeMove runs between the checks and the move aside: where another process starting to open the
     *                   database could write the file (tests only)
     */
    static boolean removeIfAbandoned(Path database, Clock clock, Runnable beforeMove) {
        Path lock = database.resolveSibling(database.getFileName() + LOCK_SUFFIX);
        try {
            if (!Files.isRegularFile(lock)) {
                return false;
            }
            FileTime written = Files.getLastModifiedTime(lock);
            if (written.toInstant().isAfter(clock.instant().minus(QUIET))) {
                return false;
            }
            Properties checked = read(lock);
            String id = checked.getProperty("id");
            String server = checked.getProperty("server");
            if (!"file".equals(checked.getProperty("method")) || id == null || server == null || accepts(server)) {
                return false;
            }
            Path data = database.resolveSibling(database.getFileName() + DATA_SUFFIX);
            if (Files.exists(data) && !lockable(data)) {
                return false;
            }
            Path aside = lock.resolveSibling(lock.getFileName() + "." + id + ".abandoned");
            beforeMove.run();
            Files.move(lock, aside, StandardCopyOption.ATOMIC_MOVE);
            if (Files.getLastModifiedTime(aside).equals(written) && checked.equals(read(aside))) {
                Files.delete(aside);
                log.info("Removed the lock file of {}: it was left by a process that stopped without closing the "
                        + "database (its server {} refuses connections and no process holds the file)", database, server);
                return true;
            }
            putBack(aside, lock);
            return false;
        } catch (NoSuchFileException e) {
            return false; // another process removed or replaced it first
        } catch (IOException | UncheckedIOException | IllegalArgumentException e) {
            log.warn("Left the lock file of {} to H2: {}", database, e.toString());
            return false;
        }
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
