package org.loanledger.command.web;

import java.nio.file.Path;
import java.util.UUID;

/**
 * Data directories for tests that start the application: one per test class and run, under the build directory,
 * so no two runs or classes ever share an event store and {@code mvn clean} removes them all.
 */
public final class LedgerDataDirs {

    private LedgerDataDirs() {
    }

    public static Path fresh(Class<?> owner) {
        return Path.of("target", "ledger-test-data", owner.getSimpleName() + "-" + UUID.randomUUID())
                .toAbsolutePath();
    }
}
