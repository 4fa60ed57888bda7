package org.loanledger.shared.json;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;

/**
 * Reads the instants the ledger stores, which are all written in one form, {@code 2026-03-14T09:26:53.589Z}: UTC,
 * a four-digit year and one to nine digits of fraction (or none). Text in that form is read directly, without the
 * general {@link DateTimeFormatter} machinery, which allocates a map of fields and a resolver per call and was
 * about a fifth of what a projection rebuild allocated and a tenth of its CPU. Anything else (an offset other than
 * {@code Z}, a lower-case letter, a longer year, no seconds) goes to {@link DateTimeFormatter#ISO_OFFSET_DATE_TIME},
 * and so does text in the form with an impossible value (the 30th of February, an hour 24), so the result and the
 * refusal are exactly that formatter's for every input.
 */
public final class IsoInstants {

    /** {@code yyyy-MM-ddTHH:mm:ss}: the shortest text in the direct form is this plus the {@code Z}. */
    private static final int SECONDS_END = 19;

    /** A fraction has at most nanosecond precision. */
    private static final int MAX_FRACTION_DIGITS = 9;

    private static final int[] NANOS_PER_DIGIT_AT = {
        100_000_000, 10_000_000, 1_000_000, 100_000, 10_000, 1_000, 100, 10, 1
    };

    private IsoInstants() {
    }

    /**
     * The instant {@code text} stands for, as {@code DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(text,
     * Instant::from)} reads it.
     *
     * @throws java.time.format.DateTimeParseException when that formatter refuses the text
     */
    public static Instant parse(CharSequence text) {
        Instant direct = parseDirect(text);
        return direct != null ? direct : DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(text, Instant::from);
    }

    /**
     * The instant {@code text} stands for when it is in the direct form with valid values, else {@code null}; the
     * caller then reads it the general way, which also gives the error.
     */
    public static Instant parseDirect(CharSequence text) {
        int length = text.length();
        if (length < SECONDS_END + 1 || length > SECONDS_END + 2 + MAX_FRACTION_DIGITS
                || text.charAt(length - 1) != 'Z' || length == SECONDS_END + 2
                || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T'
                || text.charAt(13) != ':' || text.charAt(16) != ':') {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 2);
        int day = digits(text, 8, 2);
        int hour = digits(text, 11, 2);
        int minute = digits(text, 14, 2);
        int second = digits(text, 17, 2);
        if ((year | month | day | hour | minute | second) < 0) {
            return null;
        }
        int nanos = 0;
        if (length > SECONDS_END + 1) {
            if (text.charAt(SECONDS_END) != '.') {
                return null;
            }
            for (int i = SECONDS_END + 1, place = 0; i < length - 1; i++, place++) {
                int digit = text.charAt(i) - '0';
                if (digit < 0 || digit > 9) {
                    return null;
                }
                nanos += digit * NANOS_PER_DIGIT_AT[place];
            }
        }
        try {
            long epochDay = LocalDate.of(year, month, day).toEpochDay();
            int secondOfDay = LocalTime.of(hour, minute, second).toSecondOfDay();
            return Instant.ofEpochSecond(epochDay * 86_400 + secondOfDay, nanos);
        } catch (DateTimeException outOfRange) {
            return null;
        }
    }

    /** The value of {@code count} decimal digits from {@code start}, or -1 when one of them is not a digit. */
    private static int digits(CharSequence text, int start, int count) {
        int value = 0;
        for (int i = start; i < start + count; i++) {
            int digit = text.charAt(i) - '0';
            if (digit < 0 || digit > 9) {
                return -1;
            }
            value = value * 10 + digit;
        }
        return value;
    }
}
