package org.loanledger.command.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JvmWorkTest {

    private final Map<String, String> meters = new HashMap<>();

    private final Bench.JvmWork.Reader actuator = (service, path, token) -> {
        String body = meters.get(path);
        if (body == null) {
            throw new IllegalStateException("GET " + path + " answered 404: {}");
        }
        return body;
    };

    private void meter(String path, String... statistics) {
        StringBuilder measurements = new StringBuilder();
        for (int i = 0; i < statistics.length; i += 2) {
            measurements.append(measurements.isEmpty() ? "" : ",")
                    .append("{\"statistic\":\"").append(statistics[i]).append("\",\"value\":").append(statistics[i + 1])
                    .append('}');
        }
        meters.put("/actuator/metrics/" + path, "{\"name\":\"x\",\"measurements\":[" + measurements + "]}");
    }

    private static final String YOUNG = "jvm.gc.pause?tag=action:end%20of%20minor%20GC";
    private static final String FULL = "jvm.gc.pause?tag=action:end%20of%20major%20GC";
    private static final String COMPILE = "jvm.compilation.time";

    @Test
    void readsCollectionsInMillisecondsAndCompilationFromTheServicesMeters() throws Exception {
        meter(YOUNG, "COUNT", "461.0", "TOTAL_TIME", "7.503", "MAX", "0.04");
        meter(FULL, "COUNT", "8.0", "TOTAL_TIME", "1.64", "MAX", "0.3");
        meter(COMPILE, "COUNT", "134123.0");

        Bench.JvmWork work = Bench.JvmWork.of(null, actuator);

        assertThat(work.youngCollections()).isEqualTo(461);
        assertThat(work.youngMillis()).isEqualTo(7503.0);
        assertThat(work.fullCollections()).isEqualTo(8);
        assertThat(work.fullMillis()).isEqualTo(1640.0);
        assertThat(work.compileMillis()).isEqualTo(134123.0);
    }

    @Test
    void aWindowIsTheDifferenceAndNoFullCollectionYetIsNone() throws Exception {
        meter(YOUNG, "COUNT", "400", "TOTAL_TIME", "6.0");
        meter(COMPILE, "COUNT", "1000");
        Bench.JvmWork before = Bench.JvmWork.of(null, actuator);
        meter(YOUNG, "COUNT", "467", "TOTAL_TIME", "7.4");
        meter(FULL, "COUNT", "1", "TOTAL_TIME", "0.229");
        meter(COMPILE, "COUNT", "1590");

        Bench.JvmWork window = Bench.JvmWork.of(null, actuator).since(before);

        assertThat(before.fullCollections()).isZero();
        assertThat(window.youngCollections()).isEqualTo(67);
        assertThat(window.youngMillis()).isCloseTo(1400.0, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(window.fullCollections()).isEqualTo(1);
        assertThat(window.fullMillis()).isEqualTo(229.0);
        assertThat(window.compileMillis()).isEqualTo(590.0);
        assertThat(window).hasToString("67 young (1400 ms), 1 full (229 ms), compiling 590 ms");
    }

    @Test
    void theCompilersShareIsTheirTimeOverTheWindowsAgainstTheSettledBound() throws Exception {
        meter(COMPILE, "COUNT", "10000");
        Bench.JvmWork before = Bench.JvmWork.of(null, actuator);
        meter(COMPILE, "COUNT", "13600");
        Bench.JvmWork busy = Bench.JvmWork.of(null, actuator).since(before);
        Bench.JvmWork middle = Bench.JvmWork.of(null, actuator);
        meter(COMPILE, "COUNT", "14200");
        Bench.JvmWork settled = Bench.JvmWork.of(null, actuator).since(middle);

        assertThat(busy.compileShare(java.time.Duration.ofSeconds(30))).isEqualTo(0.12);
        assertThat(busy.compileShare(java.time.Duration.ofSeconds(30))).isGreaterThan(Bench.COMPILING_SETTLED);
        assertThat(settled.compileShare(java.time.Duration.ofSeconds(30))).isEqualTo(0.02);
        assertThat(settled.compileShare(java.time.Duration.ofSeconds(30))).isLessThan(Bench.COMPILING_SETTLED);
    }

    @Test
    void anyOtherRefusalIsAnError() {
        Bench.JvmWork.Reader refusing = (service, path, token) -> {
            throw new IllegalStateException("GET " + path + " answered 403: {}");
        };

        assertThatThrownBy(() -> Bench.JvmWork.of(null, refusing)).hasMessageContaining("403");
    }
}
