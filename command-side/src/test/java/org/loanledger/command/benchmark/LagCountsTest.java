package org.loanledger.command.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class LagCountsTest {

    static final ObjectMapper JSON = new ObjectMapper();

    static LagCounts listing(String historyCounts, String portfolioCounts) throws Exception {
        return LagCounts.of(JSON.readTree("""
                {"projections": [
                  {"name": "account-history", "lagHistogram": {"upperBoundsMillis": [10, 50, 100], "counts": %s}},
                  {"name": "portfolio", "lagHistogram": {"upperBoundsMillis": [10, 50, 100], "counts": %s}}
                ]}""".formatted(historyCounts, portfolioCounts)));
    }

    @Test
    void aPercentileOfTheEventsBetweenTwoReadingsIsTheUpperBoundOfItsBucket() throws Exception {
        LagCounts before = listing("[500, 0, 0, 7]", "[0, 0, 0, 0]");
        // Between the readings: 90 events within 10 ms, 8 within 50, 2 within 100; nothing above.
        LagCounts after = listing("[590, 8, 2, 7]", "[0, 0, 0, 0]");

        assertThat(after.eventsSince(before, "account-history")).isEqualTo(100);
        assertThat(after.percentileSince(before, "account-history", 0.5)).isEqualTo(10.0);
        assertThat(after.percentileSince(before, "account-history", 0.9)).isEqualTo(10.0);
        assertThat(after.percentileSince(before, "account-history", 0.95)).isEqualTo(50.0);
        assertThat(after.percentileSince(before, "account-history", 0.99)).isEqualTo(100.0);
        // The 7 events above every bound were counted before the window: they are not its events.
        assertThat(after.percentileSince(before, "account-history", 1.0)).isEqualTo(100.0);
    }

    @Test
    void beyondTheLastBoundIsInfiniteAndAProjectionWithoutEventsHasNoPercentile() throws Exception {
        LagCounts before = listing("[0, 0, 0, 0]", "[0, 0, 0, 0]");
        LagCounts after = listing("[98, 0, 0, 2]", "[0, 0, 0, 0]");

        assertThat(after.percentileSince(before, "account-history", 0.98)).isEqualTo(10.0);
        assertThat(after.percentileSince(before, "account-history", 0.99)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(after.percentileSince(before, "portfolio", 0.99)).isNull();
    }

    @Test
    void countsThatWentDownMeanTheQuerySideRestartedAndAreRefused() throws Exception {
        LagCounts before = listing("[10, 0, 0, 0]", "[0, 0, 0, 0]");
        LagCounts after = listing("[3, 0, 0, 0]", "[0, 0, 0, 0]");

        assertThatThrownBy(() -> after.eventsSince(before, "account-history"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("restarted");
    }
}
