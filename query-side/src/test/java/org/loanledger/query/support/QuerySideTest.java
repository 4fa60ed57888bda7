package org.loanledger.query.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.test.context.DynamicPropertyRegistry;

/** Points a test's query side at a fresh data directory: its own H2 event store and embedded MongoDB. */
public final class QuerySideTest {

    private QuerySideTest() {
    }

    public static Path freshDataDir(DynamicPropertyRegistry registry) {
        try {
            Path dir = Files.createTempDirectory("query-side-test");
            registry.add("ledger.data-dir", dir::toString);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
