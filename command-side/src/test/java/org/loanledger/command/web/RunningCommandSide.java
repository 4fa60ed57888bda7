package org.loanledger.command.web;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The whole command side on a random port, as a client sees it. Each test class also gives it a data directory of
 * its own ({@link LedgerDataDirs}), so classes never see each other's accounts.
 *
 * <p>Shutdown is immediate: with graceful shutdown the server waits for the test client's pooled keep-alive
 * connection until the 30 s phase timeout, which the test JVM does not wait for, and no test exercises shutdown.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "server.shutdown=immediate")
public @interface RunningCommandSide {
}
