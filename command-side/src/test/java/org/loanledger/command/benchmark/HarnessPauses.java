package org.loanledger.command.benchmark;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * This harness's own collector pauses over a window. The generator's latencies run from a request's due time and the
 * lag from the instant the harness handled an answer, so a pause of the harness's JVM counts against every request
 * due and every probe in flight during it, as if the services had been slow. A window reports them beside the
 * services' own collections, so a tail the generator made is not read as the product's.
 *
 * <p>Pauses come from the JVM's collection notifications: each stop-the-world collection with its duration (whole
 * milliseconds, so a pause of ZGC's usually counts 0). The concurrent cycles of a concurrent collector are not pauses
 * and are left out.
 */
final class HarnessPauses implements AutoCloseable {

    /** The pauses of a window: how many, their total and the longest, in ms. */
    record Window(long pauses, double totalMillis, double longestMillis) {

        /** Adds one pause of {@code millis}. */
        Window plus(double millis) {
            return new Window(pauses + 1, totalMillis + millis, Math.max(longestMillis, millis));
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%d pauses (%.0f ms, longest %.1f ms)", pauses, totalMillis,
                    longestMillis);
        }
    }

    private final List<NotificationEmitter> emitters = new ArrayList<>();
    private final NotificationListener listener = this::collected;
    private Window window = new Window(0, 0, 0);

    /** Starts counting this JVM's pauses from now. */
    HarnessPauses() {
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (collector instanceof NotificationEmitter emitter && isPauses(collector.getName())) {
                emitter.addNotificationListener(listener, null, null);
                emitters.add(emitter);
            }
        }
    }

    /**
     * Whether a collector bean reports pauses: not the concurrent cycles of a concurrent collector ({@code "G1 Concurrent
     * GC"}, {@code "ZGC Cycles"}, {@code "Shenandoah Cycles"}), whose durations are work done beside the application.
     */
    static boolean isPauses(String collectorName) {
        return !collectorName.contains("Concurrent") && !collectorName.endsWith("Cycles");
    }

    private void collected(Notification notification, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
            return;
        }
        GarbageCollectionNotificationInfo info =
                GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
        record(info.getGcInfo().getDuration());
    }

    /** Counts a pause of {@code millis}; the collection notifications call it. */
    synchronized void record(double millis) {
        window = window.plus(millis);
    }

    /** The pauses so far. */
    synchronized Window window() {
        return window;
    }

    @Override
    public void close() {
        for (NotificationEmitter emitter : emitters) {
            try {
                emitter.removeNotificationListener(listener);
            } catch (ListenerNotFoundException alreadyGone) {
                // nothing to remove
            }
        }
    }
}
