package org.loanledger.support.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;

/** The request mapper as the services build it: text that is not exactly a code, an instant or a date is refused. */
class StrictJsonConfigurationTest {

    enum Severity { LOW, HIGH }

    record Sample(Instant observedAt, LocalDate dataDate, Severity severity) {
    }

    private static final String INSTANT = "2026-12-04T10:27:43.839764934Z";
    private static final String DATE = "2026-12-04";

    private final ObjectMapper mapper = mapper();

    private static ObjectMapper mapper() {
        Jackson2ObjectMapperBuilder builder = Jackson2ObjectMapperBuilder.json();
        new StrictJsonConfiguration().strictCoercion().customize(builder);
        return builder.build();
    }

    /** Each a character that {@link String#trim()} drops, before or after the value: JSON escapes. */
    @ParameterizedTest
    @ValueSource(strings = {"%s\\u0000", "\\u0000%s", "%s\\t", "\\n%s", " %s", "%s ", "%s\\r", "%s\\u001f"})
    void anInstantADateOrACodeWithABlankOrControlCharacterAroundItIsRefused(String around) {
        assertRefused(body(around.formatted(INSTANT), DATE, "HIGH"), Instant.class);
        assertRefused(body(INSTANT, around.formatted(DATE), "HIGH"), LocalDate.class);
        assertRefused(body(INSTANT, DATE, around.formatted("HIGH")), Severity.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {INSTANT, "2026-12-04T10:27:43Z"})
    void theExactValuesAreRead(String instant) throws Exception {
        Sample sample = mapper.readValue(body(instant, DATE, "HIGH"), Sample.class);

        assertThat(sample).isEqualTo(new Sample(Instant.parse(instant), LocalDate.parse(DATE), Severity.HIGH));
    }

    private void assertRefused(String body, Class<?> type) {
        assertThatThrownBy(() -> mapper.readValue(body, Sample.class)).as(body)
                .isInstanceOf(InvalidFormatException.class)
                .satisfies(e -> assertThat(((InvalidFormatException) e).getTargetType()).isEqualTo(type));
    }

    private static String body(String observedAt, String dataDate, String severity) {
        return "{\"observedAt\":\"" + observedAt + "\",\"dataDate\":\"" + dataDate + "\",\"severity\":\"" + severity + "\"}";
    }
}
