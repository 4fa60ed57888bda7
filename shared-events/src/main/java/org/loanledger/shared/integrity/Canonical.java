package org.loanledger.shared.integrity;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.temporal.TemporalAccessor;
import java.util.Collection;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.loanledger.shared.personal.PersonalText;
import org.loanledger.shared.records.RecordComponents;

/**
 * A canonical text form of commands and events, independent of any serializer's settings.
 *
 * <p>Records become JSON objects with their components in declaration order; maps are ordered by key; decimals are
 * written as plain strings, times in ISO-8601, enums by name. Two equal values always give the same text, which is
 * what the hash chain and the idempotency check need: a serializer upgrade must never change a hash.
 *
 * <p>A record component that is null is left out. That is what lets events evolve: a later revision may add a
 * component whose absence means "not recorded", and an event written under the earlier revision, read (upcast) as
 * the new one with that component null, has the same canonical form, so its hash-chain link still verifies.
 */
public final class Canonical {

    private Canonical() {
    }

    public static String of(Object value) {
        return of(value, Set.of());
    }

    /** The canonical form of a record, leaving out the named top-level components. */
    public static String of(Object value, Set<String> excludedComponents) {
        StringBuilder out = new StringBuilder(256);
        write(value, excludedComponents, out);
        return out.toString();
    }

    /** The lowercase hex SHA-256 of the text's UTF-8 bytes. */
    public static String sha256(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    }

    private static void write(Object value, Set<String> excluded, StringBuilder out) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String s) {
            quote(s, out);
        } else if (value instanceof PersonalText p) {
            writePersonal(p, out);
        } else if (value instanceof BigDecimal d) {
            quote(d.toPlainString(), out);
        } else if (value instanceof Boolean || value instanceof Integer || value instanceof Long) {
            out.append(value);
        } else if (value instanceof Enum<?> e) {
            quote(e.name(), out);
        } else if (value instanceof TemporalAccessor) {
            quote(value.toString(), out);
        } else if (value instanceof Collection<?> c) {
            out.append('[');
            boolean first = true;
            for (Object item : c) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                write(item, Set.of(), out);
            }
            out.append(']');
        } else if (value instanceof Map<?, ?> m) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<String, ?> entry : new TreeMap<>(stringKeys(m)).entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                quote(entry.getKey(), out);
                out.append(':');
                write(entry.getValue(), Set.of(), out);
            }
            out.append('}');
        } else if (value.getClass().isRecord()) {
            out.append('{');
            boolean first = true;
            // Each record type's components are looked up once: every event of every command is written here.
            for (RecordComponents.Component component : RecordComponents.of(value.getClass())) {
                Object componentValue = component.read(value);
                if (excluded.contains(component.name()) || componentValue == null) {
                    continue;
                }
                if (!first) {
                    out.append(',');
                }
                first = false;
                quote(component.name(), out);
                out.append(':');
                write(componentValue, Set.of(), out);
            }
            out.append('}');
        } else {
            throw new IllegalArgumentException("no canonical form for " + value.getClass().getName());
        }
    }

    /**
     * Personal text is chained by its seal, which outlives the customer's key, so an erasure changes no link. Text
     * in clear is chained as the plain string it always was, so links written before sealing existed still verify.
     */
    private static void writePersonal(PersonalText text, StringBuilder out) {
        if (text.personal()) {
            out.append("{\"seal\":");
            quote(text.seal(), out);
            out.append('}');
        } else if (text.text() == null) {
            out.append("null");
        } else {
            quote(text.text(), out);
        }
    }

    private static Map<String, Object> stringKeys(Map<?, ?> map) {
        Map<String, Object> keyed = new TreeMap<>();
        map.forEach((k, v) -> keyed.put(String.valueOf(k), v));
        return keyed;
    }

    private static void quote(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
