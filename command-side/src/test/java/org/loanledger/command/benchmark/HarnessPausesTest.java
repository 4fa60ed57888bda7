package org.loanledger.command.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class HarnessPausesTest {

    @Test
    void aWindowCountsItsPausesTheirTotalAndTheLongest() {
        try (HarnessPauses pauses = new HarnessPauses()) {
            HarnessPauses.Window before = pauses.window();

            pauses.record(3.0);
            pauses.record(41.5);
            pauses.record(7.0);

            HarnessPauses.Window after = pauses.window();
            assertThat(after.pauses() - before.pauses()).isEqualTo(3);
            assertThat(after.totalMillis() - before.totalMillis()).isEqualTo(51.5);
            assertThat(after.longestMillis()).isGreaterThanOrEqualTo(41.5);
        }
    }

    @Test
    void theCyclesOfConcurrentCollectorsAreNotPauses() {
        assertThat(HarnessPauses.isPauses("G1 Young Generation")).isTrue();
        assertThat(HarnessPauses.isPauses("G1 Old Generation")).isTrue();
        assertThat(HarnessPauses.isPauses("Copy")).isTrue();
        assertThat(HarnessPauses.isPauses("MarkSweepCompact")).isTrue();
        assertThat(HarnessPauses.isPauses("ZGC Pauses")).isTrue();
        assertThat(HarnessPauses.isPauses("G1 Concurrent GC")).isFalse();
        assertThat(HarnessPauses.isPauses("ZGC Cycles")).isFalse();
        assertThat(HarnessPauses.isPauses("Shenandoah Cycles")).isFalse();
    }

    @Test
    void aCollectionOfThisJvmIsCountedFromItsNotification() {
        try (HarnessPauses pauses = new HarnessPauses()) {
            System.gc();

            await().atMost(Duration.ofSeconds(10)).until(() -> pauses.window().pauses() > 0);
            HarnessPauses.Window window = pauses.window();
            assertThat(window.pauses()).isPositive();
            assertThat(window.totalMillis()).isGreaterThanOrEqualTo(window.longestMillis());
        }
    }
}
