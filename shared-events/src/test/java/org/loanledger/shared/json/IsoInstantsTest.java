package org.loanledger.shared.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class IsoInstantsTest {

    /** From 0001-01-01 to 9999-12-31: the years the direct form has four digits for. */
    private static final long FIRST_SECOND = Instant.parse("0001-01-01T00:00:00Z").getEpochSecond();
    private static final long LAST_SECOND = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();

    private static final String MUTATIONS = "0123456789-:.TZtz+ ";

    private final Random random = new Random(20261202L);

    @Test
    void readsTheFormsTheLedgerWritesAsTheGeneralFormatterDoes() {
        for (int i = 0; i < 20_000; i++) {
            Instant instant = randomInstant();
            for (String text : new String[] {
                instant.toString(), axonForm(instant), withFractionDigits(instant, 1 + random.nextInt(9))}) {
                assertThat(IsoInstants.parseDirect(text)).as(text).isNotNull();
                assertThat(IsoInstants.parse(text)).as(text).isEqualTo(general(text));
            }
        }
    }

    @Test
    void givesTheGeneralFormattersAnswerOrRefusalForAnyMutationOfTheForm() {
        int refused = 0;
        for (int i = 0; i < 50_000; i++) {
            String text = mutate(withFractionDigits(randomInstant(), random.nextInt(10)));
            Outcome expected = outcome(() -> general(text));
            Outcome actual = outcome(() -> IsoInstants.parse(text));
            assertThat(actual).as(text).isEqualTo(expected);
            refused += expected.refusal() != null ? 1 : 0;
        }
        // The mutations must reach the refusals, or this test compares nothing but valid text.
        assertThat(refused).isGreaterThan(10_000);
    }

    @Test
    void leavesImpossibleValuesAndOtherFormsToTheGeneralFormatter() {
        for (String text : new String[] {
            "2026-02-30T10:00:00Z", "2026-13-01T10:00:00Z", "2026-12-01T24:00:00Z", "2026-12-01T23:60:00Z",
            "2026-12-01T23:59:60Z", "2026-12-01T10:00:00.Z", "2026-12-01T10:00:00.1234567890Z",
            "2026-12-01T10:00:00+08:00", "2026-12-01t10:00:00z", "+12026-12-01T10:00:00Z", "2026-12-01T10:00Z"}) {
            assertThat(IsoInstants.parseDirect(text)).as(text).isNull();
            assertThat(outcome(() -> IsoInstants.parse(text))).as(text).isEqualTo(outcome(() -> general(text)));
        }
        assertThat(IsoInstants.parse("2026-12-01T18:00:00+08:00")).isEqualTo(Instant.parse("2026-12-01T10:00:00Z"));
        assertThatThrownBy(() -> IsoInstants.parse("2026-02-30T10:00:00Z")).isInstanceOf(DateTimeParseException.class);
    }

    private Instant randomInstant() {
        long second = FIRST_SECOND + (long) (random.nextDouble() * (LAST_SECOND - FIRST_SECOND));
        int nanos = switch (random.nextInt(4)) {
            case 0 -> 0;
            case 1 -> random.nextInt(1000) * 1_000_000;
            default -> random.nextInt(1_000_000_000);
        };
        return Instant.ofEpochSecond(second, nanos);
    }

    /** What Axon's event entries store: always three digits of fraction. */
    private static String axonForm(Instant instant) {
        return DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(java.time.ZoneOffset.UTC)
                .format(instant);
    }

    private static String withFractionDigits(Instant instant, int digits) {
        String seconds = instant.toString().substring(0, 19);
        if (digits == 0) {
            return seconds + "Z";
        }
        String nanos = String.format("%09d", instant.getNano());
        return seconds + "." + nanos.substring(0, digits) + "Z";
    }

    private String mutate(String text) {
        StringBuilder mutated = new StringBuilder(text);
        int position = random.nextInt(mutated.length());
        char replacement = MUTATIONS.charAt(random.nextInt(MUTATIONS.length()));
        switch (random.nextInt(3)) {
            case 0 -> mutated.setCharAt(position, replacement);
            case 1 -> mutated.insert(position, replacement);
            default -> mutated.deleteCharAt(position);
        }
        return mutated.toString();
    }

    private static Instant general(String text) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(text, Instant::from);
    }

    private record Outcome(Instant instant, Class<?> refusal, String message) {
    }

    private static Outcome outcome(Supplier<Instant> parse) {
        try {
            return new Outcome(parse.get(), null, null);
        } catch (DateTimeException refused) {
            return new Outcome(null, refused.getClass(), refused.getMessage());
        }
    }
}
