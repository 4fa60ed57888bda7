package org.loanledger.support.eventstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.loanledger.support.eventstore.AbandonedLockFiles.Outcome;
import org.slf4j.LoggerFactory;

/**
 * Lock files that a killed process left are removed, and no other: each holder of the database is a separate JVM, as
 * the services are.
 */
class AbandonedLockFilesTest {

    private static final Duration LATER = Duration.ofMinutes(1);

    @TempDir
    Path dataDir;

    private final List<Process> holders = new ArrayList<>();

    @AfterEach
    void stopHolders() throws InterruptedException {
        for (Process holder : holders) {
            holder.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void theLockFileOfAKilledProcessIsRemovedAndTheDatabaseOpensWithWhatItCommitted() throws Exception {
        Process holder = hold(Holder.AUTO_SERVER);
        holder.destroyForcibly();
        assertThat(holder.waitFor(30, TimeUnit.SECONDS)).as("the holder was killed").isTrue();
        assertThat(lockFile()).as("the lock file the kill left").exists();

        Outcome outcome = AbandonedLockFiles.removeIfAbandoned(database(), clockAfter(lockFile(), LATER));

        assertThat(outcome).isEqualTo(Outcome.REMOVED);
        assertThat(lockFile()).doesNotExist();
        try (Stream<Path> files = Files.list(dataDir)) {
            assertThat(files.map(path -> path.getFileName().toString()))
                    .as("nothing set aside is left").noneMatch(name -> name.endsWith(".abandoned"));
        }
        try (Connection connection = DriverManager.getConnection(EmbeddedEventStoreFiles.jdbcUrl(dataDir), "ledger", "");
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT note FROM held")) {
            assertThat(rows.next()).as("the row the holder committed before it was killed").isTrue();
            assertThat(rows.getString(1)).isEqualTo(Holder.NOTE);
        }
    }

    @Test
    void theLockFileOfALiveProcessStays() throws Exception {
        hold(Holder.AUTO_SERVER);
        Properties before = read(lockFile());

        Outcome outcome = AbandonedLockFiles.removeIfAbandoned(database(), clockAfter(lockFile(), LATER));

        assertThat(outcome).as("its server answers").isEqualTo(Outcome.SERVER_ANSWERS);
        assertThat(read(lockFile())).isEqualTo(before);
    }

    @Test
    void aLockFileNamingADeadServerStaysWhileAnotherProcessHoldsTheDatabaseFile() throws Exception {
        hold(Holder.FILE_SYSTEM_LOCK);
        writeLockFile(deadServer());

        Outcome outcome = AbandonedLockFiles.removeIfAbandoned(database(), clockAfter(lockFile(), LATER));

        assertThat(outcome).as("the database file is locked by the holder").isEqualTo(Outcome.DATABASE_HELD);
        assertThat(lockFile()).exists();
    }

    @Test
    void aLockFileWrittenRecentlyStaysAndIsRemovedOnceQuiet() throws Exception {
        writeLockFile(deadServer());

        Outcome atOnce = AbandonedLockFiles.removeIfAbandoned(database(),
                clockAfter(lockFile(), AbandonedLockFiles.QUIET.minusMillis(500)));

        assertThat(atOnce).as("a process may be in the middle of opening the database")
                .isEqualTo(Outcome.RECENTLY_WRITTEN);
        assertThat(lockFile()).exists();
        assertThat(AbandonedLockFiles.removeIfAbandoned(database(), clockAfter(lockFile(), AbandonedLockFiles.QUIET)))
                .isEqualTo(Outcome.REMOVED);
        assertThat(lockFile()).doesNotExist();
    }

    @Test
    void aLockFileWhoseServerAcceptsConnectionsStays() throws Exception {
        try (ServerSocket server = new ServerSocket(0)) {
            writeLockFile("localhost:" + server.getLocalPort());

            Outcome outcome = AbandonedLockFiles.removeIfAbandoned(database(), clockAfter(lockFile(), LATER));

            assertThat(outcome).isEqualTo(Outcome.SERVER_ANSWERS);
            assertThat(lockFile()).exists();
        }
    }

    @Test
    void aLockFileOfAnotherMethodOrWithoutAServerStays() throws Exception {
        writeLockFile(null);
        assertThat(AbandonedLockFiles.removeIfAbandoned(database(), clockAfter(lockFile(), LATER)))
                .as("no server named").isEqualTo(Outcome.NOT_A_SERVER_LOCK);

        Properties socketMethod = lockProperties(deadServer());
        socketMethod.setProperty("method", "socket");
        write(socketMethod);
        assertThat(AbandonedLockFiles.removeIfAbandoned(database(), clockAfter(lockFile(), LATER)))
                .as("H2's socket method").isEqualTo(Outcome.NOT_A_SERVER_LOCK);
        assertThat(lockFile()).exists();
    }

    @Test
    void aLockFileWrittenBetweenTheChecksAndTheMoveIsPutBack() throws Exception {
        writeLockFile(deadServer());
        Clock later = clockAfter(lockFile(), LATER);
        Properties starting = lockProperties("localhost:" + freePort());
        starting.setProperty("id", "27d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7081");

        Outcome outcome = AbandonedLockFiles.removeIfAbandoned(database(), later, () -> {
            try { // a process starting to open the database writes its own lock file, as H2 does
                write(starting);
                Files.setLastModifiedTime(lockFile(), FileTime.from(later.instant()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });

        assertThat(outcome).isEqualTo(Outcome.WRITTEN_WHILE_MOVING);
        assertThat(lockFile()).as("the starting process's lock file is back in place").exists();
        assertThat(read(lockFile())).isEqualTo(starting);
        try (Stream<Path> files = Files.list(dataDir)) {
            assertThat(files.map(path -> path.getFileName().toString()))
                    .as("nothing set aside is left").noneMatch(name -> name.endsWith(".abandoned"));
        }
    }

    @Test
    void withoutALockFileThereIsNothingToRemove() {
        assertThat(AbandonedLockFiles.removeIfAbandoned(database(), Clock.systemUTC())).isEqualTo(Outcome.NO_LOCK_FILE);
    }

    @Test
    void aLockFileLeftToH2IsLoggedWithWhyAndTheServerItNames() throws Exception {
        Logger logger = (Logger) LoggerFactory.getLogger(AbandonedLockFiles.class);
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        logger.addAppender(lines);
        try (ServerSocket server = new ServerSocket(0)) {
            String named = "localhost:" + server.getLocalPort();
            writeLockFile(named);

            AbandonedLockFiles.removeIfAbandoned(database(), clockAfter(lockFile(), LATER));

            assertThat(lines.list).extracting(ILoggingEvent::getFormattedMessage).singleElement().asString()
                    .startsWith("Left the lock file of " + database() + " to H2: ")
                    .contains(Outcome.SERVER_ANSWERS.reason).contains(named);
        } finally {
            logger.detachAppender(lines);
        }
    }

    private Path database() {
        return dataDir.resolve(EmbeddedEventStoreFiles.DATABASE_NAME);
    }

    private Path lockFile() {
        return dataDir.resolve(EmbeddedEventStoreFiles.DATABASE_NAME + ".lock.db");
    }

    private static Clock clockAfter(Path file, Duration after) throws IOException {
        Instant written = Files.getLastModifiedTime(file).toInstant();
        return Clock.fixed(written.plus(after), ZoneOffset.UTC);
    }

    /** Starts a JVM that opens the database, commits a row and keeps it open; returns once it has. */
    private Process hold(String mode) throws Exception {
        Path log = dataDir.resolve("holder-" + holders.size() + ".log");
        Process holder = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                Holder.class.getName(), dataDir.toString(), mode))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        holders.add(holder);
        Path ready = dataDir.resolve(Holder.READY);
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100))
                .until(() -> Files.exists(ready) || !holder.isAlive());
        assertThat(ready).as("the holder opened the database; its log: %s", log).exists();
        Files.delete(ready);
        return holder;
    }

    /** A port on this machine that nothing listens on. */
    private static String deadServer() throws IOException {
        return "localhost:" + freePort();
    }

    private static int freePort() throws IOException {
        try (ServerSocket closed = new ServerSocket(0)) {
            return closed.getLocalPort();
        }
    }

    private void writeLockFile(String server) throws IOException {
        write(lockProperties(server));
    }

    /** A lock file as H2 writes one for {@code AUTO_SERVER}. */
    private static Properties lockProperties(String server) {
        Properties properties = new Properties();
        properties.setProperty("method", "file");
        properties.setProperty("id", "18c2f1a0b7e3c4d5e6f70812a3b4c5d6e7f");
        properties.setProperty("hostName", "localhost");
        if (server != null) {
            properties.setProperty("server", server);
        }
        return properties;
    }

    private void write(Properties properties) throws IOException {
        try (OutputStream out = Files.newOutputStream(lockFile())) {
            properties.store(out, "FileLock");
        }
    }

    private static Properties read(Path file) throws IOException {
        Properties properties = new Properties();
        try (var in = Files.newInputStream(file)) {
            properties.load(in);
        }
        return properties;
    }

    /** Holds the database open until killed: through {@code AUTO_SERVER}, or with only H2's lock of the file. */
    static final class Holder {

        static final String AUTO_SERVER = "auto-server";
        static final String FILE_SYSTEM_LOCK = "file-system-lock";
        static final String READY = "holder.ready";
        static final String NOTE = "committed before the kill";

        public static void main(String[] args) throws Exception {
            Path dataDir = Path.of(args[0]);
            String url = AUTO_SERVER.equals(args[1]) ? EmbeddedEventStoreFiles.jdbcUrl(dataDir)
                    : "jdbc:h2:" + dataDir.resolve(EmbeddedEventStoreFiles.DATABASE_NAME) + ";FILE_LOCK=FS";
            Connection connection = DriverManager.getConnection(url, "ledger", "");
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE held(note VARCHAR(100))");
                statement.execute("INSERT INTO held VALUES ('" + NOTE + "')");
            }
            Files.writeString(dataDir.resolve(READY), "open");
            Thread.sleep(Long.MAX_VALUE);
        }
    }
}
