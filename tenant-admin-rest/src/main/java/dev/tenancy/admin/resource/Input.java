package dev.tenancy.admin.resource;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.type.LogicalType;
import dev.tenancy.context.OAuthErrors;
import dev.tenancy.context.TenantBranding;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Validation of every input of the tenant API, pure (no Keycloak session) so that it is unit-tested. Every refusal is
 * 400 {@code invalid_request} whose description starts with the offending field's name, and is thrown BEFORE
 * anything is written.
 */
public final class Input {

    /** Default and largest page size of every list ({@code max}). */
    public static final int DEFAULT_PAGE_SIZE = 100;

    public static final int MAX_PAGE_SIZE = 1000;
    /** Largest {@code first}: deeper pages are not a use case of this API and only cost the database. */
    public static final int MAX_FIRST = 10_000_000;

    public static final int MAX_NAME_LENGTH = 255;
    public static final int MAX_DESCRIPTION_LENGTH = 1024;
    public static final int MAX_EMAIL_LENGTH = 320;
    public static final int MAX_SEARCH_LENGTH = 255;
    public static final int MAX_BRANDING_KEYS = 20;
    public static final int MAX_BRANDING_VALUE_LENGTH = 1024;
    /** Invitation lifetime: default 7 days, at most 30 days. */
    public static final long DEFAULT_INVITATION_SECONDS = 7L * 24 * 3600;

    public static final long MAX_INVITATION_SECONDS = 30L * 24 * 3600;

    /**
     * RFC 5322's dot-atom local part without {@code {}} and {@code }}: an address travels into URIs (login hints,
     * invitation links), where braces are template syntax to some builders; no real mailbox needs them.
     */
    private static final Pattern EMAIL =
            Pattern.compile("^[A-Za-z0-9.!#$%&'*+/=?^_`|~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
                    + "(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$");

    private static final Pattern BRANDING_KEY = Pattern.compile("[a-z0-9][a-z0-9.-]{0,63}");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9-]{1,36}");

    /**
     * Refuses what Jackson would otherwise convert: a number or boolean where a string is expected ({@code {"name":5}}
     * stored as "5"), a string or fraction where an integer is expected ({@code "60"}, {@code 60.5}), and so on. A
     * wrong type is a 400 naming the field, never a silently changed value.
     */
    private static final ObjectMapper STRICT = strictMapper();

    private static ObjectMapper strictMapper() {
        ObjectMapper mapper = new ObjectMapper()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY);
        mapper.coercionConfigDefaults()
                .setAcceptBlankAsEmpty(false)
                .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.EmptyString, CoercionAction.AsEmpty);
        for (LogicalType number : new LogicalType[] {LogicalType.Integer, LogicalType.Float}) {
            mapper.coercionConfigFor(number)
                    .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
        }
        mapper.coercionConfigFor(LogicalType.Float).setCoercion(CoercionInputShape.Integer, CoercionAction.TryConvert);
        mapper.coercionConfigFor(LogicalType.Boolean)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
        return mapper;
    }

    private Input() {}

    public record Page(int first, int max) {}

    public static WebApplicationException invalid(String field, String problem) {
        return OAuthErrors.exception(Response.Status.BAD_REQUEST, "invalid_request", field + ": " + problem);
    }

    /** {@code first}/{@code max} query parameters, as raw strings so that "abc" is a clear 400, not a 404. */
    public static Page page(String first, String max) {
        int f = integer("first", first, 0, 0, MAX_FIRST);
        int m = integer("max", max, DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE);
        return new Page(f, m);
    }

    static int integer(String field, String raw, int defaultValue, int min, int max) {
        if (raw == null || raw.isEmpty()) {
            return defaultValue;
        }
        long value;
        try {
            value = Long.parseLong(raw.trim());
        } catch (NumberFormatException e) {
            throw invalid(field, "must be an integer between " + min + " and " + max);
        }
        if (value < min || value > max) {
            throw invalid(field, "must be between " + min + " and " + max);
        }
        return (int) value;
    }

    /** An optional search string: null when absent or blank. */
    public static String search(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        if (raw.length() > MAX_SEARCH_LENGTH) {
            throw invalid("search", "must be at most " + MAX_SEARCH_LENGTH + " characters");
        }
        if (raw.indexOf('\0') >= 0) {
            throw invalid("search", "must not contain NUL"); // PostgreSQL refuses it in a text parameter (a 500)
        }
        return raw.trim();
    }

    /** A required e-mail address, trimmed and lower-cased. */
    public static String email(String field, String raw) {
        if (raw == null || raw.isBlank()) {
            throw invalid(field, "is required");
        }
        String email = raw.trim();
        if (email.length() > MAX_EMAIL_LENGTH) {
            throw invalid(field, "must be at most " + MAX_EMAIL_LENGTH + " characters");
        }
        int at = email.lastIndexOf('@');
        if (!EMAIL.matcher(email).matches() || at > 64) {
            throw invalid(field, "is not a valid e-mail address");
        }
        return email.toLowerCase(Locale.ROOT);
    }

    /** An optional text: null stays null (unchanged), otherwise trimmed, non-empty when required, bounded. */
    public static String text(String field, String raw, int maxLength, boolean required) {
        if (raw == null) {
            if (required) {
                throw invalid(field, "is required");
            }
            return null;
        }
        String value = raw.trim();
        if (required && value.isEmpty()) {
            throw invalid(field, "must not be empty");
        }
        if (value.length() > maxLength) {
            throw invalid(field, "must be at most " + maxLength + " characters");
        }
        if (value.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\t')) {
            throw invalid(field, "must not contain control characters");
        }
        return value;
    }

    /** A Keycloak id (user, invitation): letters, digits and dashes, at most 36 characters. */
    public static String id(String field, String raw) {
        if (raw == null || !ID.matcher(raw).matches()) {
            throw invalid(field, "is not a valid id");
        }
        return raw;
    }

    public static boolean isId(String raw) {
        return raw != null && ID.matcher(raw).matches();
    }

    public static String brandingKey(String raw) {
        if (raw == null || !BRANDING_KEY.matcher(raw).matches()) {
            throw invalid("branding", "key '" + abbreviate(raw) + "' must match " + BRANDING_KEY.pattern());
        }
        return raw;
    }

    /**
     * A branding value: null stays null (removes the key), otherwise a bounded text; an empty text also removes the
     * key. The documented keys ({@link TenantBranding#KEYS}) must hold what the login theme accepts: an https URL for
     * {@code logo-url}, {@code #rrggbb} for {@code primary-color}, a one-line name for {@code display-name}.
     */
    public static String brandingValue(String key, String raw) {
        String field = "branding." + key;
        String value = text(field, raw, MAX_BRANDING_VALUE_LENGTH, false);
        if (value == null || value.isEmpty()) {
            return value;
        }
        TenantBranding.problem(key, value).ifPresent(problem -> {
            throw invalid(field, problem);
        });
        return value;
    }

    /** The invitation lifetime in seconds: default 7 days, between 1 second and 30 days. */
    public static long invitationSeconds(Long raw) {
        if (raw == null) {
            return DEFAULT_INVITATION_SECONDS;
        }
        if (raw < 1 || raw > MAX_INVITATION_SECONDS) {
            throw invalid("expiresInSeconds", "must be between 1 and " + MAX_INVITATION_SECONDS + " (30 days)");
        }
        return raw;
    }

    /**
     * The request's {@code Content-Type} for a JSON body: {@code application/json} (or {@code application/*+json}),
     * in UTF-8 if a charset is named. Checked here rather than by {@code @Consumes}: JAX-RS would answer a wrong
     * type with a 415 without {@code error_description}, and an unparsable header with a 500.
     */
    public static void jsonContentType(String header) {
        String type = header == null ? "" : header.trim().toLowerCase(Locale.ROOT);
        String[] parts = type.split(";");
        String mediaType = parts[0].trim();
        boolean json = mediaType.equals("application/json") || mediaType.matches("application/[a-z0-9.-]+\\+json");
        boolean utf8 = true;
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].trim();
            if (parameter.startsWith("charset=")) {
                utf8 = parameter
                        .substring("charset=".length())
                        .replace("\"", "")
                        .trim()
                        .equals("utf-8");
            }
        }
        if (!json || !utf8) {
            throw OAuthErrors.exception(
                    Response.Status.UNSUPPORTED_MEDIA_TYPE,
                    "invalid_request",
                    "Content-Type: must be application/json (UTF-8)");
        }
    }

    /** {@link #jsonContentType(String)}, then {@link #json(String, Class)}. */
    public static <T> T json(String contentType, String body, Class<T> type) {
        jsonContentType(contentType);
        return json(body, type);
    }

    /**
     * Parses a JSON object body strictly: malformed JSON, a non-object, unknown fields and wrong types are 400 with
     * the field named.
     */
    public static <T> T json(String body, Class<T> type) {
        if (body == null || body.isBlank()) {
            throw invalid("body", "a JSON object is required");
        }
        try {
            T value = STRICT.readValue(body, type);
            if (value == null) {
                throw invalid("body", "a JSON object is required");
            }
            return value;
        } catch (UnrecognizedPropertyException e) {
            throw invalid(abbreviate(e.getPropertyName()), "unknown field; known fields: " + e.getKnownPropertyIds());
        } catch (JsonMappingException e) {
            String field = e.getPath().isEmpty() ? "body" : fieldPath(e);
            throw invalid(field, expected(e));
        } catch (JsonProcessingException e) {
            throw invalid(
                    "body",
                    "malformed JSON at line "
                            + (e.getLocation() == null ? "?" : e.getLocation().getLineNr()) + ", column "
                            + (e.getLocation() == null ? "?" : e.getLocation().getColumnNr()));
        }
    }

    /** "must be a JSON string" and the like, from the type Jackson expected; generic when it cannot tell. */
    private static String expected(JsonMappingException e) {
        Class<?> target = e instanceof MismatchedInputException mismatch ? mismatch.getTargetType() : null;
        if (target == null) {
            return "has the wrong type or shape";
        }
        if (CharSequence.class.isAssignableFrom(target)) {
            return "must be a JSON string";
        }
        if (target == Long.class || target == long.class || target == Integer.class || target == int.class) {
            return "must be a JSON integer";
        }
        if (target == Boolean.class || target == boolean.class) {
            return "must be a JSON boolean (true or false)";
        }
        if (java.util.Collection.class.isAssignableFrom(target) || target.isArray()) {
            return "must be a JSON array";
        }
        if (java.util.Map.class.isAssignableFrom(target) || target.isRecord()) {
            return "must be a JSON object";
        }
        return "has the wrong type or shape";
    }

    private static String fieldPath(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(abbreviate(ref.getFieldName()));
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "body" : path.toString();
    }

    static String abbreviate(String s) {
        if (s == null) {
            return "null";
        }
        return s.length() <= 64 ? s : s.substring(0, 64) + "...";
    }
}
