package org.loanledger.command.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Generates requests to the command API that are each refused by construction: a request the API would accept on
 * the prepared accounts, with at least one defect of a known kind (a wrong type, a missing or extra field, a huge
 * number, unicode or control characters, a bad id, a wrong content type, an oversized body, a wrong role, ...).
 * Every choice comes from one seeded {@link Random}, so a failing run is repeated exactly by its seed.
 */
final class HostileRequests {

    /** The accounts the requests aim at, prepared so that each endpoint's request without its defect succeeds. */
    record Targets(String active, String empty, String frozen, String appealed, String appealId, String batchId) {
    }

    /** One request exactly as it goes on the wire. A null body sends none; a null content type sends no header. */
    record Hostile(Endpoint endpoint, Kind kind, String variant, String method, String path, String contentType,
                   String authorization, String idempotencyKey, byte[] body, boolean chunked) {

        String describe() {
            String shown = body == null ? "<none>" : new String(body, StandardCharsets.UTF_8);
            if (shown.length() > 300) {
                shown = shown.substring(0, 300) + "...(" + body.length + " bytes)";
            }
            return kind + "/" + variant + " " + method + " " + (path.length() > 200 ? path.substring(0, 200) + "..." : path)
                    + " content-type=" + contentType + " auth=" + authorization + " key=" + idempotencyKey
                    + (chunked ? " chunked" : "") + " body=" + shown.replaceAll("\\p{Cntrl}", "?");
        }
    }

    /** The defects, as the issue names them, plus malformed JSON, bad idempotency keys, wrong methods and bad values. */
    enum Kind {
        WRONG_TYPE, MISSING_FIELD, EXTRA_FIELD, HUGE_NUMBER, UNICODE_AND_CONTROL, BAD_ID, WRONG_CONTENT_TYPE,
        OVERSIZED_BODY, WRONG_ROLE, MALFORMED_JSON, BAD_IDEMPOTENCY_KEY, WRONG_METHOD, OUT_OF_RANGE
    }

    enum Role {
        LENDER("Bearer lender-dev-token"), OPS("Bearer ops-dev-token"), AUDITOR("Bearer auditor-dev-token");

        final String authorization;

        Role(String authorization) {
            this.authorization = authorization;
        }
    }

    enum Type { AMOUNT, ID, INT, ENUM, TEXT, INSTANT, CURRENCY, CODE, ID_LIST, LONG }

    record Field(String name, Type type, boolean required) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The body limit of API.md. */
    static final int BODY_LIMIT = 16 * 1024;

    /** The configured maximum note length (ledger.limits.max-note-length) and the HTTP layer's hard cap. */
    static final int NOTE_LIMIT = 1000;
    static final int NOTE_CAP = 4000;

    private static final String ACCOUNT = "{account}";
    private static final String SECOND = "{second}";

    /** The command API's endpoints: path, method, who may call, the body fields and a body each accepts. */
    enum Endpoint {
        OPEN("POST", "/api/accounts", EnumSet.of(Role.LENDER, Role.OPS),
                List.of(new Field("accountId", Type.ID, false), new Field("customerId", Type.ID, true),
                        new Field("currency", Type.CURRENCY, true), new Field("creditLimit", Type.AMOUNT, true))) {
            @Override
            Map<String, String> body(Targets t, Random r) {
                return fields("accountId", str("acc-h-" + UUID.randomUUID()), "customerId", str("cust-" + r.nextInt(1000)),
                        "currency", str(pick(r, "CNY", "EUR", "USD")), "creditLimit", str(amount(r, 100_000_000)));
            }
        },
        BORROW("POST", "/api/accounts/{account}/borrowings", EnumSet.of(Role.LENDER, Role.OPS),
                List.of(new Field("amount", Type.AMOUNT, true), new Field("termDays", Type.INT, true),
                        new Field("currency", Type.CURRENCY, false))) {
            @Override
            Map<String, String> body(Targets t, Random r) {
                Map<String, String> body = fields("amount", str(amount(r, 100_000)), "termDays", String.valueOf(1 + r.nextInt(365)));
                if (r.nextBoolean()) {
                    body.put("currency", str("CNY"));
                }
                return body;
            }
        },
        REPAY("POST", "/api/accounts/{account}/repayments", EnumSet.of(Role.LENDER, Role.OPS),
                List.of(new Field("amount", Type.AMOUNT, true), new Field("currency", Type.CURRENCY, false))) {
            @Override
            Map<String, String> body(Targets t, Random r) {
                Map<String, String> body = fields("amount", str(amount(r, 100_000)));
                if (r.nextBoolean()) {
                    body.put("currency", str("CNY"));
                }
                return body;
            }
        },
        FREEZE("POST", "/api/accounts/{account}/freeze", EnumSet.of(Role.OPS),
                List.of(new Field("reasonCode", Type.ENUM, true), new Field("note", Type.TEXT, true))) {
            @Override
            Map<String, String> body(Targets t, Random r) {
                return fields("reasonCode", str(pick(r, "MANUAL_REVIEW", "RISK_RULE", "CUSTOMER_REQUEST")),
                        "note", str(note(r)));
            }
        },
        UNFREEZE("POST", "/api/accounts/{account}/unfreeze", EnumSet.of(Role.OPS),
                List.of(new Field("reasonCode", Type.ENUM, true), new Field("note", Type.TEXT, true))) {
            @Override
            String account(Targets t) {
                return t.frozen();
            }

            @Override
            Map<String, String> body(Targets t, Random r) {
                return fields("reasonCode", str("MANUAL_REVIEW"), "note", str(note(r)));
            }
        },
        CHANGE_CREDIT_LIMIT("PUT", "/api/accounts/{account}/credit-limit", EnumSet.of(Role.OPS),
                List.of(new Field("creditLimit", Type.AMOUNT, true), new Field("reasonCode", Type.ENUM, true),
                        new Field("note", Type.TEXT, true), new Field("currency", Type.CURRENCY, false))) {
            @Override
            Map<String, String> body(Targets t, Random r) {
                return fields("creditLimit", str((500_000 + r.nextInt(500_000)) + ".00"), "reasonCode", str("MANUAL_REVIEW"),
                        "note", str(note(r)));
            }
        },
        CLOSE("POST", "/api/accounts/{account}/close", EnumSet.of(Role.OPS),
                List.of(new Field("reasonCode", Type.ENUM, true), new Field("note", Type.TEXT, true))) {
            @Override
            String account(Targets t) {
                return t.empty();
            }

            @Override
            Map<String, String> body(Targets t, Random r) {
                return fields("reasonCode", str("CUSTOMER_REQUEST"), "note", str(note(r)));
            }
        },
        RECORD_CREDIT_SCORE("POST", "/api/accounts/{account}/credit-scores", EnumSet.of(Role.OPS),
                List.of(new Field("modelVersion", Type.ID, true), new Field("score", Type.INT, true),
                        new Field("factors", Type.ID_LIST, false), new Field("dataDate", Type.INSTANT, false))) {
            @Override
            Map<String, String> body(Targets t, Random r) {
                return fields("modelVersion", str("m-" + r.nextInt(20)), "score", String.valueOf(r.nextInt(1001)),
                        "factors", "[" + str("on-time") + "," + str("utilisation_" + r.nextInt(9)) + "]");
            }
        },
        RECORD_RISK_SIGNAL("POST", "/api/accounts/{account}/risk-signals", EnumSet.of(Role.OPS),
                List.of(new Field("type", Type.CODE, true), new Field("severity", Type.ENUM, true),
                        new Field("source", Type.ID, true), new Field("observedAt", Type.INSTANT, true))) {
            @Override
            Map<String, String> body(Targets t, Random r) {
                return fields("type", str(pick(r, "LOGIN_ANOMALY", "DEVICE_CHANGE", "BUREAU_DELINQUENCY")),
                        "severity", str(pick(r, "LOW", "MEDIUM", "HIGH")), "source", str("bureau-" + r.nextInt(5)),
                        "observedAt", str(Instant.now().minusSeconds(60 + r.nextInt(86_400)).toString()));
            }
        },
        FILE_APPEAL("POST", "/api/accounts/{account}/appeals", EnumSet.of(Role.LENDER, Role.OPS),
                List.of(new Field("statement", Type.TEXT, true), new Field("restrictionSequence", Type.LONG, false))) {
            @Override
            String account(Targets t) {
                return t.frozen();
            }

            @Override
            Map<String, String> body(Targets t, Random r) {
                return fields("statement", str(note(r)));
            }
        },
        DECIDE_APPEAL("POST", "/api/accounts/{account}/appeals/{second}/decision", EnumSet.of(Role.OPS),
                List.of(new Field("decision", Type.ENUM, true), new Field("note", Type.TEXT, true))) {
            @Override
            String account(Targets t) {
                return t.appealed();
            }

            @Override
            String second(Targets t) {
                return t.appealId();
            }

            @Override
            Map<String, String> body(Targets t, Random r) {
                return fields("decision", str(pick(r, "UPHOLD", "REJECT")), "note", str(note(r)));
            }
        },
        SUBMIT_MAINTENANCE_BATCH("POST", "/api/maintenance-batches", EnumSet.of(Role.OPS),
                List.of(new Field("batchId", Type.ID, false), new Field("accountIds", Type.ID_LIST, true),
                        new Field("action", Type.ENUM, true), new Field("note", Type.TEXT, true))) {
            @Override
            Map<String, String> body(Targets t, Random r) {
                return fields("batchId", str("mb-h-" + UUID.randomUUID()), "accountIds", "[" + str(t.active()) + "]",
                        "action", str("FREEZE"), "note", str(note(r)));
            }
        },
        MAINTENANCE_BATCH_PROGRESS("GET", "/api/maintenance-batches/{second}", EnumSet.of(Role.OPS), List.of()) {
            @Override
            String second(Targets t) {
                return t.batchId();
            }

            @Override
            Map<String, String> body(Targets t, Random r) {
                return null;
            }
        };

        final String method;
        final String template;
        final Set<Role> allowed;
        final List<Field> fields;

        Endpoint(String method, String template, Set<Role> allowed, List<Field> fields) {
            this.method = method;
            this.template = template;
            this.allowed = allowed;
            this.fields = fields;
        }

        /** A body the endpoint accepts on its target, field by field as raw JSON tokens; null for no body. */
        abstract Map<String, String> body(Targets t, Random r);

        String account(Targets t) {
            return t.active();
        }

        String second(Targets t) {
            return null;
        }

        boolean hasBody() {
            return !method.equals("GET");
        }

        boolean mutating() {
            return !method.equals("GET");
        }

        boolean hasPathId() {
            return template.contains(ACCOUNT) || template.contains(SECOND);
        }

        String path(String account, String second) {
            return template.replace(ACCOUNT, account == null ? "" : account).replace(SECOND, second == null ? "" : second);
        }

        Set<String> fieldNames() {
            return fields.stream().map(Field::name).collect(Collectors.toSet());
        }

        List<Field> fieldsOf(Set<Type> types) {
            return fields.stream().filter(f -> types.contains(f.type())).toList();
        }

        Set<Kind> kinds() {
            Set<Kind> kinds = EnumSet.of(Kind.WRONG_ROLE, Kind.WRONG_METHOD, Kind.OVERSIZED_BODY);
            if (hasBody()) {
                kinds.addAll(EnumSet.of(Kind.WRONG_TYPE, Kind.MISSING_FIELD, Kind.EXTRA_FIELD, Kind.UNICODE_AND_CONTROL,
                        Kind.WRONG_CONTENT_TYPE, Kind.MALFORMED_JSON, Kind.BAD_IDEMPOTENCY_KEY, Kind.OUT_OF_RANGE));
                if (!fieldsOf(EnumSet.of(Type.AMOUNT, Type.INT, Type.LONG)).isEmpty()) {
                    kinds.add(Kind.HUGE_NUMBER);
                }
            } else {
                kinds.add(Kind.UNICODE_AND_CONTROL);
            }
            if (hasPathId() || !fieldsOf(EnumSet.of(Type.ID, Type.ID_LIST)).isEmpty()) {
                kinds.add(Kind.BAD_ID);
            }
            return kinds;
        }
    }

    private final Random random;
    private final Targets targets;

    HostileRequests(long seed, Targets targets) {
        this.random = new Random(seed);
        this.targets = targets;
    }

    /** The request of {@code endpoint} its allowed caller makes successfully, defect-free. */
    Hostile valid(Endpoint endpoint) {
        Draft draft = new Draft(endpoint, null, "none");
        return draft.build();
    }

    Hostile next() {
        Endpoint endpoint = pick(random, Endpoint.values());
        Kind kind = pick(random, endpoint.kinds().toArray(Kind[]::new));
        Draft draft = new Draft(endpoint, kind, "");
        switch (kind) {
            case WRONG_TYPE -> wrongType(draft);
            case MISSING_FIELD -> missingField(draft);
            case EXTRA_FIELD -> extraField(draft);
            case HUGE_NUMBER -> hugeNumber(draft);
            case UNICODE_AND_CONTROL -> unicode(draft);
            case BAD_ID -> badId(draft);
            case WRONG_CONTENT_TYPE -> wrongContentType(draft);
            case OVERSIZED_BODY -> oversized(draft);
            case WRONG_ROLE -> wrongRole(draft);
            case MALFORMED_JSON -> malformed(draft);
            case BAD_IDEMPOTENCY_KEY -> badKey(draft);
            case WRONG_METHOD -> wrongMethod(draft);
            case OUT_OF_RANGE -> outOfRange(draft);
        }
        return draft.build();
    }

    /** A request under construction: starts as the endpoint's accepted request sent by an allowed role. */
    private final class Draft {
        final Endpoint endpoint;
        final Kind kind;
        String variant;
        String method;
        String account;
        String second;
        String contentType = "application/json";
        String authorization;
        String key = "hostile-" + UUID.randomUUID();
        Map<String, String> fields;
        /** When set, replaces the body built from the fields. */
        byte[] raw;
        boolean chunked;

        Draft(Endpoint endpoint, Kind kind, String variant) {
            this.endpoint = endpoint;
            this.kind = kind;
            this.variant = variant;
            this.method = endpoint.method;
            this.account = endpoint.account(targets);
            this.second = endpoint.second(targets);
            this.authorization = pick(random, endpoint.allowed.toArray(Role[]::new)).authorization;
            this.fields = endpoint.body(targets, random);
            if (!endpoint.mutating()) {
                key = null;
                contentType = null;
            }
        }

        String json() {
            return object(fields);
        }

        byte[] body() {
            if (raw != null) {
                return raw;
            }
            return fields == null ? null : json().getBytes(StandardCharsets.UTF_8);
        }

        Hostile build() {
            return new Hostile(endpoint, kind, variant, method, endpoint.path(account, second), contentType, authorization,
                    key, body(), chunked);
        }
    }

    // ---- the defects ------------------------------------------------------------------------------------------

    private void wrongType(Draft d) {
        String field = pick(random, d.fields.keySet().toArray(String[]::new));
        Type type = typeOf(d.endpoint, field);
        String[] tokens = switch (type) {
            case INT, LONG -> new String[] {"\"30\"", "30.5", "30.0", "true", "{}", "[30]", "\"thirty\"", "1e1"};
            case INSTANT -> new String[] {"true", "{}", "[]", "[\"2026-01-01T00:00:00Z\"]", "{\"epochSecond\":1}"};
            case ID_LIST -> new String[] {"\"acc-1\"", "{}", "5", "true", "[5]", "[true]", "[{}]", "[[\"a\"]]", "[1.5]"};
            default -> new String[] {"12", "12.5", "-3", "1e3", "true", "false", "{}", "{\"value\":\"x\"}", "[]",
                    "[\"x\"]", "[[]]"};
        };
        String token = pick(random, tokens);
        d.fields.put(field, token);
        d.variant = field + "=" + token;
    }

    private void missingField(Draft d) {
        List<Field> required = d.endpoint.fields.stream().filter(Field::required).toList();
        Field field = pick(random, required.toArray(Field[]::new));
        if (random.nextBoolean()) {
            d.fields.remove(field.name());
            d.variant = "without " + field.name();
        } else {
            d.fields.put(field.name(), "null");
            d.variant = field.name() + "=null";
        }
    }

    private static final String[] EXTRA_NAMES = {"admin", "role", "actor", "requestId", "outstanding", "status",
            "version", "isAdmin", "__proto__", "constructor", "$where", "amount2", "Amount", "NOTE", "note ", " note",
            "customer_id", "credit_limit", "available", "drawdownId", "", "\u0000", "\u202e", "\ud83d\ude00"};

    private void extraField(Draft d) {
        Set<String> known = d.endpoint.fieldNames();
        String name;
        do {
            name = random.nextBoolean() ? pick(random, EXTRA_NAMES) : letters(1 + random.nextInt(12));
        } while (known.contains(name));
        String value = pick(random, "1", "\"x\"", "null", "true", "{}", "[]", "{\"$gt\":\"\"}", "\"ops\"");
        Map<String, String> body = new LinkedHashMap<>();
        boolean first = random.nextBoolean();
        if (first) {
            body.put(name, value);
        }
        body.putAll(d.fields);
        if (!first) {
            body.put(name, value);
        }
        d.fields = body;
        d.variant = "extra " + str(name) + "=" + value;
    }

    private void hugeNumber(Draft d) {
        Field field = pick(random, d.endpoint.fieldsOf(EnumSet.of(Type.AMOUNT, Type.INT, Type.LONG)).toArray(Field[]::new));
        String token = switch (field.type()) {
            case AMOUNT -> pick(random, str("1000000.01"), str("1000001"), str("9999999999.99"),
                    str("99999999999999999999.99"), str("1" + "0".repeat(25 + random.nextInt(300))),
                    str("1" + "0".repeat(21) + ".00"), "1e308", "1e400", "123456789012345678901234567890",
                    str(Long.MAX_VALUE + ".00"));
            case INT -> field.name().equals("termDays")
                    ? pick(random, "366", "1000", "36500", "2147483647", "2147483648", "-2147483649",
                    "99999999999999999999", "1e400", "9".repeat(3 + random.nextInt(400)))
                    : pick(random, "1001", "65536", "2147483647", "2147483648", "-2147483649", "99999999999999999999",
                    "1e400");
            default -> pick(random, "9223372036854775807", "9223372036854775808", "99999999999999999999999", "1e400",
                    "-9223372036854775808", "2147483648");
        };
        d.fields.put(field.name(), token);
        d.variant = field.name() + "=" + (token.length() > 40 ? token.substring(0, 40) + "..." : token);
    }

    /** Escaped or literal characters no id, code, amount, currency or instant may contain. */
    private static final String[] ODD_CHARACTERS = {"\\u0000", "\\u0007", "\\u001b", "\\u007f", "\\u0085", "\\u00a0",
            "\\u200b", "\\u200e", "\\u202e", "\\u2028", "\\ufeff", "\\ud800", "\\udfff", "\\ud83d\\ude00", "\\t", "\\n",
            "\\r", "é", "ü", "Ａ", "１", "٣", "İ", "\u0301", "冻", "😀", "\\\\", "\\/", " "};

    private void unicode(Draft d) {
        if (!d.endpoint.hasBody()) {
            d.second = pick(random, "mb-%C3%A9", "mb-%E2%80%AE", "mb-%F0%9F%98%80", "%EF%BC%A1", "mb-%C2%A0x",
                    "mb-%E2%80%8B");
            d.variant = "path id " + d.second;
            return;
        }
        int variant = random.nextInt(3);
        if (variant == 0) {
            List<Field> structured = d.endpoint.fields.stream()
                    .filter(f -> EnumSet.of(Type.AMOUNT, Type.ID, Type.ENUM, Type.CURRENCY, Type.CODE, Type.INSTANT)
                            .contains(f.type()))
                    .filter(f -> d.fields.containsKey(f.name()))
                    .toList();
            if (!structured.isEmpty()) {
                Field field = pick(random, structured.toArray(Field[]::new));
                String value = d.fields.get(field.name());
                String inner = value.substring(1, value.length() - 1);
                int at = random.nextInt(inner.length() + 1);
                String odd = pick(random, ODD_CHARACTERS);
                d.fields.put(field.name(), "\"" + inner.substring(0, at) + odd + inner.substring(at) + "\"");
                d.variant = field.name() + " with " + odd;
                return;
            }
        }
        // Bytes no JSON text may hold anywhere: a raw control character inside a string, or bytes that are not UTF-8.
        byte[][] sequences = variant == 1
                ? new byte[][] {{0x00}, {0x01}, {0x08}, {0x0b}, {0x0c}, {0x1b}, {0x1f}}
                : new byte[][] {{(byte) 0xff}, {(byte) 0xfe}, {(byte) 0x80}, {(byte) 0xbf}, {(byte) 0xc3},
                {(byte) 0xe2, (byte) 0x82}, {(byte) 0xf8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}};
        byte[] inserted = sequences[random.nextInt(sequences.length)];
        String field = pick(random, d.fields.keySet().stream()
                .filter(name -> d.fields.get(name).startsWith("\"")).toArray(String[]::new));
        String value = d.fields.get(field);
        String marker = "\u0001MARK\u0001";
        int at = 1 + random.nextInt(value.length() - 1);
        d.fields.put(field, value.substring(0, at) + marker + value.substring(at));
        d.raw = splice(d.json().getBytes(StandardCharsets.UTF_8), marker.getBytes(StandardCharsets.UTF_8), inserted);
        d.variant = field + " with raw bytes " + hex(inserted);
    }

    /** Ids the API refuses however they are sent, and well-formed ids of nothing that exists. */
    private static final String[] BAD_PATH_IDS = {"acc$1", "acc%201", "acc%2F1", "acc%5C1", "acc%00", "acc%25", "acc;x=1",
            "acc%3B1", "acc%C3%A91", "acc%0A1", "acc%09", "%20", "acc+1", "acc~1", "acc!", "acc%7B%7D", "acc*",
            "acc@host", "acc:1", "(acc)", "'acc'", "acc%22"};

    private static final String[] BAD_BODY_IDS = {"", " ", "bad id", "a/b", "a$b", "../etc/passwd", "acc\\u0000",
            "<script>alert(1)</script>", "' OR 1=1 --", "${jndi:ldap://x/a}", "%2e%2e", "a\\nb", "caf\u00e9",
            "acc:1", "a,b", "a+b"};

    private void badId(Draft d) {
        List<Field> bodyIds = d.endpoint.fieldsOf(EnumSet.of(Type.ID, Type.ID_LIST)).stream()
                .filter(f -> d.fields != null && d.fields.containsKey(f.name())).toList();
        boolean inPath = d.endpoint.hasPathId() && (bodyIds.isEmpty() || random.nextBoolean());
        if (inPath) {
            String id = switch (random.nextInt(4)) {
                case 0 -> "x".repeat(65 + random.nextInt(900));
                case 1 -> "unknown-" + UUID.randomUUID();
                default -> pick(random, BAD_PATH_IDS);
            };
            boolean accountSegment = d.endpoint.template.contains(ACCOUNT)
                    && (!d.endpoint.template.contains(SECOND) || random.nextBoolean());
            if (accountSegment) {
                d.account = id;
            } else {
                d.second = id;
            }
            d.variant = (accountSegment ? "account" : "second") + " path id " + abbreviate(id);
            return;
        }
        Field field = pick(random, bodyIds.toArray(Field[]::new));
        String id = random.nextInt(4) == 0 ? "x".repeat(65 + random.nextInt(2000)) : pick(random, BAD_BODY_IDS);
        String token = id.contains("\\") ? "\"" + id + "\"" : str(id);
        d.fields.put(field.name(), field.type() == Type.ID_LIST ? "[" + str("fine-id") + "," + token + "]" : token);
        d.variant = field.name() + " id " + abbreviate(id);
    }

    private static final String[] CONTENT_TYPES = {null, "text/plain", "text/plain;charset=UTF-8", "application/xml",
            "text/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=xyz",
            "application/octet-stream", "application/merge-patch+json", "application/json-patch+json",
            "application/problem+json", "application/x-ndjson", "application/javascript", "text/json", "*/*",
            "application/*", "json", "application/", "application/json/x", "text/html", "image/png"};

    private void wrongContentType(Draft d) {
        d.contentType = pick(random, CONTENT_TYPES);
        d.variant = String.valueOf(d.contentType);
    }

    private void oversized(Draft d) {
        List<String> texts = d.fields == null ? List.of() : d.endpoint.fieldsOf(EnumSet.of(Type.TEXT)).stream()
                .map(Field::name).filter(d.fields::containsKey).toList();
        int variant = random.nextInt(4);
        if (variant == 0 && !texts.isEmpty()) {
            String field = pick(random, texts.toArray(String[]::new));
            int length = random.nextBoolean() ? NOTE_LIMIT + 1 + random.nextInt(NOTE_CAP - NOTE_LIMIT)
                    : NOTE_CAP + 1 + random.nextInt(BODY_LIMIT - NOTE_CAP - 200);
            d.fields.put(field, str(letters(length)));
            d.variant = field + " of " + length + " characters";
            return;
        }
        if (variant == 1 && d.endpoint == Endpoint.RECORD_CREDIT_SCORE) {
            int count = 11 + random.nextInt(300);
            d.fields.put("factors", "[" + String.join(",", java.util.Collections.nCopies(count, str("f"))) + "]");
            d.variant = count + " factors";
            return;
        }
        int size = BODY_LIMIT + 1 + random.nextInt(random.nextBoolean() ? 64 : 48 * 1024);
        String base = d.fields == null ? "{}" : d.json();
        int padding = size - base.getBytes(StandardCharsets.UTF_8).length;
        d.raw = ("{" + " ".repeat(padding) + base.substring(1)).getBytes(StandardCharsets.UTF_8);
        if (d.fields == null) {
            d.contentType = "application/json";
        }
        // A GET never reads a body, so only a declared length over the limit is refused there.
        d.chunked = d.endpoint.hasBody() && random.nextBoolean();
        d.variant = size + " bytes" + (d.chunked ? " chunked" : "");
    }

    private static final String[] BAD_AUTHORIZATIONS = {null, "Bearer not-a-token", "Bearer ", "Bearer",
            "Basic b3BzLWRldjpvcHMtZGV2LXRva2Vu", "ops-dev-token", "Bearer ops-dev-token extra", "Bearer OPS-DEV-TOKEN",
            "Bearer ops-dev-token.", "Bearer\tops-dev-token", "Token ops-dev-token", "Bearer ops-dev-toke",
            "Bearer lender-dev-token,ops-dev-token", "Digest username=ops"};

    private void wrongRole(Draft d) {
        List<Role> denied = Arrays.stream(Role.values()).filter(role -> !d.endpoint.allowed.contains(role)).toList();
        if (random.nextBoolean()) {
            Role role = pick(random, denied.toArray(Role[]::new));
            d.authorization = role.authorization;
            d.variant = "role " + role;
        } else {
            d.authorization = pick(random, BAD_AUTHORIZATIONS);
            d.variant = "authorization " + d.authorization;
        }
    }

    private void malformed(Draft d) {
        String json = d.json();
        String body = switch (random.nextInt(14)) {
            case 0 -> json.substring(0, 1 + random.nextInt(json.length() - 1));
            case 1 -> json + pick(random, "}", "x", ",", "]", " {}", json, "\u0000");
            case 2 -> json.replace('"', '\'');
            case 3 -> "{/* c */" + json.substring(1);
            case 4 -> json.substring(0, json.length() - 1) + ",}";
            case 5 -> json.replaceFirst(":\"[^\"]*\"", ":NaN");
            case 6 -> json.replaceAll("\"([A-Za-z]+)\":", "$1:");
            case 7 -> pick(random, "", "   ", "\n");
            case 8 -> pick(random, "null", "[]", "\"text\"", "42", "true", "[" + json + "]");
            case 9 -> "[".repeat(5000) + "]".repeat(5000);
            case 10 -> "{\"a\":".repeat(2000) + "1" + "}".repeat(2000);
            case 11 -> json.replaceFirst(":", "=");
            case 12 -> json.replaceFirst("\"", "");
            default -> json.replace("{", "{{");
        };
        d.raw = body.getBytes(StandardCharsets.UTF_8);
        d.variant = abbreviate(body);
    }

    private void badKey(Draft d) {
        // No non-ASCII keys: the JDK client sends each such character as '?', which makes a valid key.
        d.key = pick(random, null, "", "k".repeat(65), "k".repeat(65 + random.nextInt(3000)), "has space", "tab\there",
                "a\tb c");
        d.variant = "key " + (d.key == null ? "missing" : abbreviate(d.key));
    }

    private void wrongMethod(Draft d) {
        String[] others = switch (d.endpoint.method) {
            case "GET" -> new String[] {"POST", "PUT", "DELETE", "PATCH"};
            case "PUT" -> new String[] {"POST", "DELETE", "PATCH", "GET"};
            default -> new String[] {"PUT", "DELETE", "PATCH", "GET"};
        };
        d.method = pick(random, others);
        if (d.method.equals("GET")) {
            d.fields = null;
            d.contentType = null;
        }
        d.variant = d.method;
    }

    private void outOfRange(Draft d) {
        String field = pick(random, d.fields.keySet().toArray(String[]::new));
        Type type = typeOf(d.endpoint, field);
        String token = switch (type) {
            case AMOUNT -> pick(random, badAmounts(d.endpoint));
            case INT -> field.equals("termDays") ? pick(random, "0", "-1", "-30", "366") : pick(random, "-1", "1001", "-1000");
            case ENUM -> switch (field) {
                case "severity" -> pick(random, str("EXTREME"), str("low"), str(""), str("HIGH "));
                case "decision" -> pick(random, str("MAYBE"), str("uphold"), str(""), str("UPHELD"));
                case "action" -> pick(random, str("DELETE"), str("freeze"), str(""), str("LIFT_ALL"));
                default -> pick(random, str("BECAUSE"), str("manual_review"), str(""), str("MANUAL REVIEW"), str("null"));
            };
            case CURRENCY -> d.endpoint == Endpoint.OPEN
                    ? pick(random, str("XYZ"), str("JPY"), str("cny"), str("US"), str("EURO"), str(""))
                    : pick(random, str("EUR"), str("USD"), str("XYZ"), str("cny"), str(""));
            case CODE -> pick(random, str("login_anomaly"), str("1ABC"), str(""), str("A".repeat(41)), str("LOGIN-ANOMALY"));
            case INSTANT -> pick(random, str("yesterday"), str("2026-13-01T00:00:00Z"), str("2026-01-01T00:00:00"),
                    str(""), str("2999-01-01T00:00:00Z"), str(Instant.now().plusSeconds(3600).toString()));
            case TEXT -> pick(random, str(""), str("   "), str("\t\n"));
            case ID_LIST -> field.equals("accountIds") ? pick(random, "[]", "[null]", "[" + str("") + "]")
                    : pick(random, "[null]", "[" + str("") + "]", "[" + str("a b") + "]");
            case LONG -> pick(random, "-1", "999999", "0");
            case ID -> pick(random, str(""), str(" "), str("a b"));
        };
        d.fields.put(field, token);
        d.variant = field + "=" + abbreviate(token);
    }

    /** Amounts of the right type but the wrong shape or size; for borrowings and repayments also beyond the account. */
    private static String[] badAmounts(Endpoint endpoint) {
        List<String> amounts = new ArrayList<>(List.of("-1.00", "+1.00", "1.005", "1.", ".5", "01.00",
                "1,000.00", "1 000", "1e3", "NaN", "Infinity", "0x10", "", " ", "1.00 ", "1_000"));
        if (endpoint != Endpoint.CHANGE_CREDIT_LIMIT) {
            // a limit may be cut to zero; nothing else may be zero
            amounts.addAll(List.of("0", "0.00", "0.0"));
        }
        if (endpoint == Endpoint.BORROW) {
            amounts.addAll(List.of("500000.01", "999999.99", "1000000.00"));
        }
        if (endpoint == Endpoint.REPAY) {
            amounts.addAll(List.of("400000.01", "500000.00", "1000000.00"));
        }
        return amounts.stream().map(HostileRequests::str).toArray(String[]::new);
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    private static Type typeOf(Endpoint endpoint, String field) {
        return endpoint.fields.stream().filter(f -> f.name().equals(field)).findFirst().map(Field::type)
                .orElseThrow(() -> new IllegalStateException(endpoint + " has no field " + field));
    }

    static String str(String value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> fields(String... namesAndTokens) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i < namesAndTokens.length; i += 2) {
            fields.put(namesAndTokens[i], namesAndTokens[i + 1]);
        }
        return fields;
    }

    private static String object(Map<String, String> fields) {
        return fields.entrySet().stream().map(e -> str(e.getKey()) + ":" + e.getValue())
                .collect(Collectors.joining(",", "{", "}"));
    }

    /** A positive amount of at most {@code maxMinor} minor units, written as the API accepts it. */
    private static String amount(Random r, int maxMinor) {
        int minor = 1 + r.nextInt(maxMinor);
        String whole = String.valueOf(minor / 100);
        return switch (r.nextInt(3)) {
            case 0 -> whole + "." + String.format("%02d", minor % 100);
            case 1 -> minor % 10 == 0 ? whole + "." + (minor % 100) / 10 : whole + "." + String.format("%02d", minor % 100);
            default -> minor % 100 == 0 ? whole : whole + "." + String.format("%02d", minor % 100);
        };
    }

    private static final String[] NOTE_FRAGMENTS = {"held for review", "客户要求冻结额度", "Überprüfung nötig",
            "revisión manual", "checked twice 🙂", "line one\nline two", "quotes \" and \\ backslashes",
            "<b>markup</b> stays text", "' OR '1'='1", "مراجعة يدوية", "עיון ידני", "e\u0301 combining"};

    private static String note(Random r) {
        int parts = 1 + r.nextInt(3);
        StringBuilder note = new StringBuilder();
        for (int i = 0; i < parts; i++) {
            note.append(i == 0 ? "" : "; ").append(pick(r, NOTE_FRAGMENTS));
        }
        return note.toString();
    }

    private String letters(int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append((char) ('a' + random.nextInt(26)));
        }
        return text.toString();
    }

    @SafeVarargs
    private static <T> T pick(Random r, T... choices) {
        return choices[r.nextInt(choices.length)];
    }

    private static String abbreviate(String text) {
        return text.length() > 60 ? text.substring(0, 60) + "...(" + text.length() + ")" : text;
    }

    private static String hex(byte[] bytes) {
        StringBuilder hex = new StringBuilder();
        for (byte b : bytes) {
            hex.append(String.format("%02x", b & 0xff));
        }
        return hex.toString();
    }

    private static byte[] splice(byte[] body, byte[] marker, byte[] replacement) {
        for (int i = 0; i + marker.length <= body.length; i++) {
            if (Arrays.equals(body, i, i + marker.length, marker, 0, marker.length)) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                out.write(body, 0, i);
                out.writeBytes(replacement);
                out.write(body, i + marker.length, body.length - i - marker.length);
                return out.toByteArray();
            }
        }
        throw new IllegalStateException("marker not found");
    }
}
