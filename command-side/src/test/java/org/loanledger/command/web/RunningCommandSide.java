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
 * <p>Shutdown is immediate: in the test JVM a graceful shutdown of the server was seen to wait out the whole 30 s
 * phase timeout at exit, longer than surefire waits before it kills the fork. A command side started on its own
 * shuts down gracefully at once, and no test here is about shutdown.
 *
 * <p>The risk policy is the built-in {@code permissive} one: these tests are about the ledger's mechanics (limits,
 * refusals, idempotency, races), and the default policy would rightly freeze an account that borrows this often.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"server.shutdown=immediate", "ledger.risk.active-policy=permissive"})
public @interface RunningCommandSide {
}
