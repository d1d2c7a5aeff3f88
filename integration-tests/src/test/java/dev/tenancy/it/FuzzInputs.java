package dev.tenancy.it;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.tenancy.testsupport.Http;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The malformed inputs of {@link EndpointFuzzIT}, all drawn from ONE seeded generator: the same seed gives the same
 * sequence of requests (as far as the server's answers, which pick the next step at a few places, are the same).
 * Values mix the hostile (huge, empty, control characters, unpaired surrogates, path traversal, encoded NUL and slash,
 * wrong JSON types, deep nesting, invalid UTF-8) with plausible ones (known aliases and ids), so that requests also
 * get past the first check.
 */
public final class FuzzInputs {

    private static final String[] NASTY = {
        "",
        " ",
        "\t",
        "null",
        "undefined",
        "true",
        "0",
        "-1",
        "NaN",
        "1e309",
        "99999999999999999999",
        "../",
        "../../admin",
        "..%2F..%2F",
        "%00",
        "%2F",
        "%2e%2e",
        "a/b",
        "/",
        "//",
        "\\",
        ";",
        "a;b=c",
        "?x=1",
        "#",
        "\u0000",
        "a\u0000b",
        "\u0007",
        "\r\n",
        "line\nbreak",
        "\u001b[31m",
        "\u007f",
        "\u0085",
        "\uFEFF",
        "\u202Eevil",
        "Ω≈ç√",
        "😀🎉",
        "𝔘𝔫𝔦",
        "日本語",
        "\uD800",
        "a\uDC00b",
        "é",
        "e\u0301",
        "<script>alert(1)</script>",
        "\"quoted\"",
        "'",
        "' OR '1'='1",
        "${jndi:ldap://x/a}",
        "%s%n%x",
        "{{7*7}}",
        "*",
        "%",
        "_",
        "admins",
        "/admins",
        "admins/",
        "members",
        "admins/../members",
        "me",
        "openapi",
        "invitations",
        "ACME",
        "acme ",
        " acme",
        "acme\u0000",
        "acme",
        "globex",
        "unknown-tenant",
        "tenant-admin",
        "alice@example.com",
        "@acme.test",
        "a@b",
        "a@@b.test",
        "x@acme.test.",
        "user@[127.0.0.1]",
        "{x}@acme.test",
        "x}@acme.test",
        "{x@users.test",
        "a{b}c",
        "{",
        "}",
        "{0}",
        "%7Bx%7D@acme.test",
    };
    private static final String[] NUMBERS = {
        "",
        "0",
        "1",
        "-1",
        "100",
        "1000",
        "1001",
        "10000000",
        "10000001",
        "2147483647",
        "2147483648",
        "-2147483648",
        "-2147483649",
        "9223372036854775807",
        "9223372036854775808",
        "99999999999999999999999",
        "1.5",
        "1e3",
        "0x10",
        " 5 ",
        "+5",
        "abc",
        "٣",
        "NaN",
        "%00",
        "1,2",
    };

    final long seed;
    private final SplittableRandom random;

    public FuzzInputs(long seed) {
        this.seed = seed;
        this.random = new SplittableRandom(seed);
    }

    int nextInt(int bound) {
        return random.nextInt(bound);
    }

    /** A random (seeded) UUID: an id of nothing. */
    String uuid() {
        return new UUID(random.nextLong(), random.nextLong()).toString();
    }

    boolean chance(double p) {
        return random.nextDouble() < p;
    }

    @SafeVarargs
    final <T> T pick(T... values) {
        return values[random.nextInt(values.length)];
    }

    <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    /** A hostile or odd string. */
    public String string() {
        return switch (random.nextInt(10)) {
            case 0 -> repeat(pick("a", "é", "😀", "%", "/", "\u0000", " "), pick(256, 1025, 5000, 70_000));
            case 1 -> mutate(pick(NASTY));
            case 2 -> uuid().substring(0, random.nextInt(37));
            case 3 -> randomChars(random.nextInt(1, 40));
            default -> pick(NASTY);
        };
    }

    /** A known value (with probability {@code pKnown}) or a hostile one. */
    String known(double pKnown, List<String> known) {
        return chance(pKnown) ? pick(known) : string();
    }

    String number() {
        return chance(0.15) ? string() : pick(NUMBERS);
    }

    /** A JSON value of any type, mostly of the wrong one. */
    Object jsonValue(int depth) {
        return switch (random.nextInt(depth > 2 ? 7 : 10)) {
            case 0 -> null;
            case 1 -> random.nextBoolean();
            case 2 -> pick(0, -1, 1, Integer.MAX_VALUE, Long.MIN_VALUE, 2592001L, 2592000L, 12, 10);
            case 3 -> pick(1.5, -0.0, 1e308, Double.MIN_VALUE);
            case 4, 5, 6 -> string();
            case 7 -> {
                List<Object> list = new ArrayList<>();
                for (int i = random.nextInt(pick(3, 3, 30)); i > 0; i--) {
                    list.add(jsonValue(depth + 1));
                }
                yield list;
            }
            default -> {
                Map<String, Object> map = new LinkedHashMap<>();
                for (int i = random.nextInt(4); i > 0; i--) {
                    map.put(string(), jsonValue(depth + 1));
                }
                yield map;
            }
        };
    }

    /**
     * A request body for a JSON endpoint whose fields are {@code fields}: usually an object of those fields with
     * values from {@code plausible} or of any type, sometimes with unknown fields, duplicated keys, another JSON type,
     * malformed or deeply nested JSON, invalid UTF-8, or nothing.
     */
    byte[] jsonBody(Map<String, Supplier<Object>> unordered) {
        // sorted: Map.of's iteration order changes from JVM to JVM, and the seed must replay the same draws
        Map<String, Supplier<Object>> fields = new TreeMap<>(unordered);
        switch (random.nextInt(20)) {
            case 0:
                return new byte[0];
            case 1:
                return utf8(pick(
                        "null",
                        "[]",
                        "\"text\"",
                        "42",
                        "true",
                        "{",
                        "{\"a\":",
                        "{}}",
                        "{} {}",
                        "{'a':1}",
                        "{\"a\":1,}",
                        "\u0000",
                        "NaN",
                        "{\"x\":NaN}",
                        "{\"x\":01}"));
            case 2:
                return utf8("[".repeat(pick(50, 2000)) + "]".repeat(pick(0, 50)));
            case 3:
                return new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'};
            case 4: {
                if (fields.isEmpty()) {
                    return utf8("{}");
                }
                String key = pick(new ArrayList<>(fields.keySet()));
                return utf8("{\"" + key + "\":" + toJson(fields.get(key).get()) + ",\"" + key + "\":"
                        + toJson(jsonValue(0)) + "}");
            }
            default: {
                Map<String, Object> body = new LinkedHashMap<>();
                fields.forEach((name, plausible) -> {
                    if (chance(0.6)) {
                        body.put(name, chance(0.65) ? plausible.get() : jsonValue(0));
                    }
                });
                if (chance(0.15)) {
                    body.put(string(), jsonValue(0));
                }
                return utf8(toJson(body));
            }
        }
    }

    /** A path segment: known values or hostile strings, percent-encoded, or raw traversal and encoded specials. */
    String segment(double pKnown, List<String> known) {
        if (chance(0.12)) {
            return pick(
                    "..",
                    ".",
                    "%2e%2e",
                    "..%2F..%2F",
                    "%00",
                    "a%00b",
                    "%2F",
                    "a%2Fb",
                    "%252F",
                    "%5C",
                    "%20",
                    "%C0%AE%C0%AE",
                    "%FF",
                    "a;b=c",
                    ";",
                    "");
        }
        return encode(known(pKnown, known));
    }

    /** A form body as raw text: allowed fields with hostile values, duplicates, unknown or nameless fields. */
    String form(Map<String, Supplier<String>> unordered) {
        Map<String, Supplier<String>> fields = new TreeMap<>(unordered);
        List<String> parts = new ArrayList<>();
        fields.forEach((name, value) -> {
            if (chance(0.75)) {
                parts.add(encode(name) + "=" + encodeFully(value.get()));
                if (chance(0.1)) {
                    parts.add(encode(name) + "=" + encodeFully(string())); // duplicated
                }
            }
        });
        if (chance(0.15)) {
            // no invalid percent escapes ("%zz"): Keycloak's form parser, in front of EVERY POST/PUT of Keycloak (its
            // own
            // token endpoint included), answers them with 500 before any endpoint code runs
            // (KeycloakHandlerChainCustomizer)
            parts.add(pick(
                    "refresh_token=" + encode(string()),
                    encode(string()) + "=" + encode(string()),
                    "=x",
                    "x",
                    "&",
                    "grant_type=password",
                    "client_id=other"));
        }
        java.util.Collections.shuffle(parts, new java.util.Random(random.nextLong()));
        return String.join("&", parts);
    }

    /** A header value the HTTP client can send (printable ASCII), odd in content. */
    String headerValue() {
        String value = string().replaceAll("[^\\x20-\\x7E\\t]", "?").trim();
        return value.length() > 8000 ? value.substring(0, 8000) : value;
    }

    /**
     * Percent-encoded for a URL or a cookie, cut to 3,000 characters: the server's HTTP layer refuses a request line
     * or header over 8 KiB before any code of ours runs (huge values still reach us in bodies).
     */
    static String encode(String value) {
        String encoded = encodeFully(value);
        return encoded.length() > 3000 ? encoded.substring(0, 3000).replaceAll("%.?$", "") : encoded;
    }

    static String encodeFully(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if (c >= 'a' && c <= 'z'
                    || c >= 'A' && c <= 'Z'
                    || c >= '0' && c <= '9'
                    || c == '-'
                    || c == '_'
                    || c == '.'
                    || c == '~') {
                out.append((char) c);
            } else {
                out.append('%')
                        .append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
            }
        }
        return out.toString();
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String toJson(Object value) {
        try {
            return Http.JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private String mutate(String value) {
        if (value.isEmpty()) {
            return randomChars(3);
        }
        StringBuilder out = new StringBuilder(value);
        int at = random.nextInt(out.length() + 1);
        switch (random.nextInt(3)) {
            case 0 -> out.insert(at, randomChars(1));
            case 1 -> out.append(value);
            default -> out.setLength(at);
        }
        return out.toString();
    }

    private String randomChars(int n) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < n; i++) {
            int kind = random.nextInt(6);
            int cp =
                    switch (kind) {
                        case 0 -> random.nextInt(0, 0x20);
                        case 1 -> random.nextInt(0x20, 0x7F);
                        case 2 -> random.nextInt(0x80, 0x800);
                        case 3 -> random.nextInt(0x800, 0xD800);
                        case 4 -> random.nextInt(0x1F300, 0x1F6FF);
                        default -> "-_./%@".charAt(random.nextInt(6));
                    };
            out.appendCodePoint(cp);
        }
        return out.toString();
    }

    private static String repeat(String s, int length) {
        return s.repeat(Math.max(1, length / s.length()));
    }
}
