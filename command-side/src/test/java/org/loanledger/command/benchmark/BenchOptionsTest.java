package org.loanledger.command.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchOptionsTest {

    @Test
    void aFlagTakesNoValueSoTheOptionAfterItKeepsItsOwn() {
        Map<String, String> options = Bench.options(new String[] {
                "--phases", "query", "--query-small-store", "--work-dir", "/tmp/bench", "--quick"});

        assertThat(options)
                .containsEntry("phases", "query")
                .containsEntry("query-small-store", "true")
                .containsEntry("work-dir", "/tmp/bench")
                .containsEntry("quick", "true")
                .hasSize(4);
    }

    @Test
    void anOptionWithoutItsValueIsRefused() {
        assertThatThrownBy(() -> Bench.options(new String[] {"--query-small-store", "--work-dir"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--work-dir needs a value");
    }

    @Test
    void aBareWordIsRefused() {
        assertThatThrownBy(() -> Bench.options(new String[] {"--query-small-store", "small"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unexpected argument small");
    }
}
