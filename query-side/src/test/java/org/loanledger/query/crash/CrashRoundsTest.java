package org.loanledger.query.crash;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A short run of the crash rounds in the suite: two kills under load. The 20-round run is {@link CrashRounds#main}
 * and its figures are recorded in CRASH-SAFETY.md.
 */
class CrashRoundsTest {

    @TempDir
    Path work;

    @Test
    void acknowledgedCommandsSurviveKillsAndViewsConvergeToTheFold() throws Exception {
        Path jar = Path.of("../command-side/target/command-side-0.1.0-SNAPSHOT.jar");
        assertThat(Files.exists(jar)).as("the command-side jar is built before the query side's tests (mvn verify)").isTrue();
        long seed = 20261128L;

        List<CrashRounds.Round> rounds = new CrashRounds(work, jar, seed).run(2);

        assertThat(rounds).hasSize(2);
        assertThat(rounds.get(1).acknowledgedSoFar()).as("the load was acknowledged before the kills").isPositive();
        assertThat(rounds).allSatisfy(round -> {
            assertThat(round.violations()).as("round %d, seed %d", round.round(), seed).isEmpty();
            assertThat(round.eventsChecked()).as("every acknowledged command is one stored event").isGreaterThanOrEqualTo(round.acknowledgedSoFar());
            assertThat(round.commandSideServingMillis()).isLessThanOrEqualTo(CrashRounds.SERVING_BOUND.toMillis());
        });
        assertThat(rounds).as("the load froze some account, so the views had restrictions to show")
                .anySatisfy(round -> assertThat(round.restrictionsInForce()).isPositive());
        assertThat(rounds.get(1).closedAccounts()).as("the load closed accounts, so the views had closed ones to show")
                .isPositive();
    }
}
