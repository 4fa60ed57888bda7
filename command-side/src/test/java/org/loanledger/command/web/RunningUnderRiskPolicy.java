package org.loanledger.command.web;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ContextConfiguration;

/**
 * The whole command side on a random port under the default risk policy {@code 2026-11}, with a {@link MovableClock}
 * and no scheduled sweep: deadlines are acted on only when a test calls {@code DeadlineSweeper.sweepOnce()} after
 * moving the clock, so what time does is under the test's control.
 *
 * <p>Every class with this annotation shares one application and one fresh data directory (Spring caches the
 * context), so the application starts once for all of them; tests keep apart by using accounts of their own and
 * asserting only on those.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"server.shutdown=immediate", "ledger.risk.active-policy=2026-11",
                "ledger.deadlines.sweep-interval=1h"})
@Import(MovableClockConfiguration.class)
@ContextConfiguration(initializers = RunningUnderRiskPolicy.FreshDataDir.class)
public @interface RunningUnderRiskPolicy {

    /** Gives the shared application a data directory no other run or class uses. */
    class FreshDataDir implements ApplicationContextInitializer<ConfigurableApplicationContext> {

        @Override
        public void initialize(ConfigurableApplicationContext context) {
            TestPropertyValues.of("ledger.data-dir=" + LedgerDataDirs.fresh(RunningUnderRiskPolicy.class))
                    .applyTo(context);
        }
    }
}
