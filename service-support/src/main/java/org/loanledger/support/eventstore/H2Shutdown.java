package org.loanledger.support.eventstore;

import java.lang.reflect.Field;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;

/**
 * Closes the process's H2 databases after the application has stopped instead of while it stops.
 *
 * <p>H2 closes every database it has open from a JVM shutdown hook of its own, and the JVM runs its shutdown hooks
 * at the same time. So on SIGTERM H2 closed the event store while Spring's graceful shutdown was still finishing
 * requests and the event processors were still reading: each of their reads failed and was logged, about 2,270
 * errors when the query side served the file and a request was active. H2 refuses {@code DB_CLOSE_ON_EXIT=FALSE}
 * together with {@code AUTO_SERVER}. Once the application has started, {@link #afterApplication()} therefore takes
 * H2's hook off the JVM and gives it to Spring Boot as a shutdown handler, which runs after the application
 * contexts have closed: the pools are closed by then, and H2 closes what is left, as its hook did (among that, the
 * sessions of a process reading the file through {@code AUTO_SERVER}, which then takes the file over).
 *
 * <p>Nothing is lost either way: every commit is in the file before it is acknowledged ({@code WRITE_DELAY=0}), so
 * a process that dies without closing its databases loses nothing (CRASH-SAFETY.md).
 */
public final class H2Shutdown {

    /** H2's shutdown hook: one thread for every database the process opens. */
    static final String CLOSER_CLASS = "org.h2.engine.OnExitDatabaseCloser";

    private static final Logger log = LoggerFactory.getLogger(H2Shutdown.class);

    private H2Shutdown() {
    }

    /**
     * Moves H2's shutdown hook behind the Spring application's. Call it once the application has started (its
     * databases open); it needs Spring Boot's shutdown hook, which {@link SpringApplication#run} registers by default.
     *
     * @return whether the hook was moved: false when no H2 database has been opened (H2 registers its hook with the
     *         first one), when it was moved already, or when this H2 has no such hook (then H2 closes its databases
     *         while the application stops, as before)
     */
    public static boolean afterApplication() {
        Thread closer = closer();
        if (closer == null || !Runtime.getRuntime().removeShutdownHook(closer)) {
            return false;
        }
        // H2 keeps its hook "registered" and adds no other: databases opened later are closed by this one too.
        SpringApplication.getShutdownHandlers().add(closer::run);
        return true;
    }

    /** H2's shutdown hook thread, whether registered or not; null when this version of H2 has none. */
    static Thread closer() {
        try {
            Field instance = Class.forName(CLOSER_CLASS).getDeclaredField("INSTANCE");
            instance.setAccessible(true);
            return (Thread) instance.get(null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.warn("H2's shutdown hook was not found ({}): H2 will close its databases while the application stops",
                    e.toString());
            return null;
        }
    }
}
