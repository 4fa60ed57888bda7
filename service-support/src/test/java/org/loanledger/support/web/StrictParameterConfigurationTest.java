package org.loanledger.support.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.junit.jupiter.api.Test;
import org.springframework.core.convert.ConversionFailedException;
import org.springframework.format.support.DefaultFormattingConversionService;

class StrictParameterConfigurationTest {

    private static final Instant EIGHT = Instant.parse("2026-12-05T08:00:00Z");

    @Test
    void isoInstantsAreReadInUtcWithAnOffsetAndWithNanoseconds() {
        assertThat(StrictParameterConfiguration.isoInstant("2026-12-05T08:00:00Z")).isEqualTo(EIGHT);
        assertThat(StrictParameterConfiguration.isoInstant("2026-12-05T09:00:00+01:00")).isEqualTo(EIGHT);
        assertThat(StrictParameterConfiguration.isoInstant("2026-12-05T08:00:00.000000001Z"))
                .isEqualTo(EIGHT.plusNanos(1));
    }

    @Test
    void numbersDatesAndBlanksAreNotInstants() {
        for (String text : new String[] {"1796457600000", "1796457600", "Sat, 5 Dec 2026 08:00:00 GMT", "2026-12-05",
                " 2026-12-05T08:00:00Z", "2026-12-05T08:00:00Z\t", "2026-12-05T08:00:00Z\u0000", "", "now"}) {
            assertThatThrownBy(() -> StrictParameterConfiguration.isoInstant(text)).as("'%s'", text)
                    .isInstanceOf(DateTimeParseException.class);
        }
    }

    @Test
    void theConverterIsTriedBeforeSpringsOwnWhichReadsANumberAsEpochMilliseconds() {
        DefaultFormattingConversionService spring = new DefaultFormattingConversionService();
        assertThat(spring.convert("1796457600000", Instant.class)).as("Spring's default").isEqualTo(EIGHT);

        new StrictParameterConfiguration().isoInstantParameters().addFormatters(spring);

        assertThatThrownBy(() -> spring.convert("1796457600000", Instant.class))
                .isInstanceOf(ConversionFailedException.class).hasRootCauseInstanceOf(DateTimeParseException.class);
        assertThat(spring.convert("2026-12-05T08:00:00Z", Instant.class)).isEqualTo(EIGHT);
    }
}
