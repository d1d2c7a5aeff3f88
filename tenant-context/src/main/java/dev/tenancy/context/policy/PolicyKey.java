package dev.tenancy.context.policy;

import dev.tenancy.context.TenancyConventions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Every key of a tenant policy: its name (the organization attribute is {@link #ATTRIBUTE_PREFIX} + name, the tenant
 * API uses the bare name), its type and its range. This is the ONE definition of what a policy may hold;
 * docs/ARCHITECTURE.md ("Tenant policies") lists the same table for people.
 */
public enum PolicyKey {
    MFA("mfa", Type.MFA_REQUIREMENT, 0, 0),
    MFA_METHODS("mfa.methods", Type.MFA_METHODS, 1, MfaMethod.values().length),
    PASSWORD_MIN_LENGTH("password.min-length", Type.INT, 1, 256),
    PASSWORD_UPPER_CASE("password.upper-case", Type.INT, 0, 64),
    PASSWORD_LOWER_CASE("password.lower-case", Type.INT, 0, 64),
    PASSWORD_DIGITS("password.digits", Type.INT, 0, 64),
    PASSWORD_SPECIAL_CHARS("password.special-chars", Type.INT, 0, 64),
    PASSWORD_NOT_USERNAME("password.not-username", Type.BOOLEAN, 0, 0),
    PASSWORD_NOT_EMAIL("password.not-email", Type.BOOLEAN, 0, 0),
    PASSWORD_HISTORY("password.history", Type.INT, 1, 24),
    PASSWORD_MAX_AGE_DAYS("password.max-age-days", Type.INT, 1, 3_650),
    SESSION_IDLE_SECONDS("session.idle-seconds", Type.INT, 10, 31_536_000),
    SESSION_MAX_SECONDS("session.max-seconds", Type.INT, 10, 31_536_000),
    EMAIL_VERIFIED_REQUIRED("email.verified-required", Type.BOOLEAN, 0, 0),
    EMAIL_ALLOWED_DOMAINS("email.allowed-domains", Type.DOMAINS, 1, 100);

    /** Prefix of the organization attributes that hold a tenant's policy. */
    public static final String ATTRIBUTE_PREFIX = TenancyConventions.ATTRIBUTE_PREFIX + "policy.";

    private static final Pattern DOMAIN =
            Pattern.compile("(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]([a-z0-9-]{0,61}[a-z0-9])?");

    /** The value types of policy keys. */
    public enum Type {
        INT,
        BOOLEAN,
        MFA_REQUIREMENT,
        MFA_METHODS,
        DOMAINS
    }

    private final String key;
    private final Type type;
    private final int min;
    private final int max;

    PolicyKey(String key, Type type, int min, int max) {
        this.key = key;
        this.type = type;
        this.min = min;
        this.max = max;
    }

    /** The name used by the tenant API, e.g. {@code password.min-length}. */
    public String key() {
        return key;
    }

    /** The organization attribute, e.g. {@code tenancy.policy.password.min-length}. */
    public String attribute() {
        return ATTRIBUTE_PREFIX + key;
    }

    public Type type() {
        return type;
    }

    /** Smallest allowed number (INT), or smallest list size (lists). */
    public int min() {
        return min;
    }

    /** Largest allowed number (INT), or largest list size (lists). */
    public int max() {
        return max;
    }

    public static Optional<PolicyKey> ofKey(String key) {
        return Arrays.stream(values()).filter(k -> k.key.equals(key)).findFirst();
    }

    public static Optional<PolicyKey> ofAttribute(String attribute) {
        return attribute != null && attribute.startsWith(ATTRIBUTE_PREFIX)
                ? ofKey(attribute.substring(ATTRIBUTE_PREFIX.length()))
                : Optional.empty();
    }

    /** What a value of this key looks like, for error messages. */
    public String expected() {
        return switch (type) {
            case INT -> "a whole number from " + min + " to " + max;
            case BOOLEAN -> "true or false";
            case MFA_REQUIREMENT -> "one of off, admins, all";
            case MFA_METHODS ->
                "a list of "
                        + Arrays.stream(MfaMethod.values())
                                .map(MfaMethod::value)
                                .toList();
            case DOMAINS -> "a list of 1 to " + max + " email domains (e.g. acme.com)";
        };
    }

    /**
     * Parses one value: a JSON value of the tenant API (string, number, boolean, list) or an attribute's values (a list
     * of strings; lists may also be given as ONE comma-separated string, as typed into the console).
     *
     * @return the typed value: {@link Integer}, {@link Boolean}, {@link MfaRequirement}, an {@link EnumSet} of
     *         {@link MfaMethod}, or a {@code List<String>} of domains
     * @throws IllegalArgumentException with a message for the user (without the key) when the value is not valid
     */
    public Object parse(Object raw) {
        Object value = unwrapSingle(raw);
        return switch (type) {
            case INT -> parseInt(value);
            case BOOLEAN -> parseBoolean(value);
            case MFA_REQUIREMENT -> MfaRequirement.fromValue(asString(value)).orElseThrow(() -> invalid(value));
            case MFA_METHODS -> parseMethods(value);
            case DOMAINS -> parseDomains(value);
        };
    }

    private Object unwrapSingle(Object raw) {
        if (raw instanceof Collection<?> values
                && (type == Type.INT || type == Type.BOOLEAN || type == Type.MFA_REQUIREMENT)) {
            if (values.size() != 1) {
                throw new IllegalArgumentException("must be a single value: " + expected());
            }
            return values.iterator().next();
        }
        return raw;
    }

    private int parseInt(Object value) {
        long number;
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            number = ((Number) value).longValue();
        } else if (value instanceof String text && text.trim().matches("[+-]?\\d{1,10}")) {
            number = Long.parseLong(text.trim());
        } else {
            throw invalid(value);
        }
        if (number < min || number > max) {
            throw new IllegalArgumentException("must be " + expected() + ", not " + number);
        }
        return (int) number;
    }

    private boolean parseBoolean(Object value) {
        if (value instanceof Boolean b) {
            return b;
        }
        if (value instanceof String text) {
            String t = text.trim().toLowerCase(Locale.ROOT);
            if (t.equals("true") || t.equals("false")) {
                return Boolean.parseBoolean(t);
            }
        }
        throw invalid(value);
    }

    private EnumSet<MfaMethod> parseMethods(Object value) {
        EnumSet<MfaMethod> methods = EnumSet.noneOf(MfaMethod.class);
        for (String item : items(value)) {
            MfaMethod method = MfaMethod.fromValue(item)
                    .orElseThrow(
                            () -> new IllegalArgumentException("unknown method '" + item + "': must be " + expected()));
            if (!methods.add(method)) {
                throw new IllegalArgumentException("lists '" + item + "' twice");
            }
        }
        if (methods.isEmpty()) {
            throw new IllegalArgumentException("must name at least one method: " + expected());
        }
        if (methods.stream().allMatch(MfaMethod::isFallback)) {
            throw new IllegalArgumentException("recovery-codes is a fallback: name another method too");
        }
        return methods;
    }

    private List<String> parseDomains(Object value) {
        Set<String> domains = new LinkedHashSet<>();
        for (String item : items(value)) {
            String domain = item.trim().toLowerCase(Locale.ROOT);
            if (domain.startsWith("@")) {
                domain = domain.substring(1);
            }
            if (!DOMAIN.matcher(domain).matches()) {
                throw new IllegalArgumentException("'" + item + "' is not a domain name");
            }
            domains.add(domain);
        }
        if (domains.size() < min || domains.size() > max) {
            throw new IllegalArgumentException("must be " + expected());
        }
        return List.copyOf(domains);
    }

    private List<String> items(Object value) {
        List<String> items = new ArrayList<>();
        if (value instanceof Collection<?> values) {
            for (Object item : values) {
                if (!(item instanceof String text)) {
                    throw invalid(value);
                }
                items.addAll(splitComma(text));
            }
        } else if (value instanceof String text) {
            items.addAll(splitComma(text));
        } else {
            throw invalid(value);
        }
        return items;
    }

    private static List<String> splitComma(String text) {
        return Arrays.stream(text.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .toList();
    }

    private String asString(Object value) {
        if (value instanceof String text) {
            return text;
        }
        throw invalid(value);
    }

    private IllegalArgumentException invalid(Object value) {
        String shown = value instanceof String ? "'" + value + "'" : String.valueOf(value);
        return new IllegalArgumentException("must be " + expected() + ", not " + shown);
    }

    /** The attribute values of a typed value (as {@link #parse} returns it). */
    public List<String> format(Object typed) {
        if (typed instanceof MfaRequirement requirement) {
            return List.of(requirement.value());
        }
        if (typed instanceof Set<?> methods) {
            return methods.stream().map(m -> ((MfaMethod) m).value()).toList();
        }
        if (typed instanceof List<?> list) {
            return list.stream().map(Object::toString).toList();
        }
        return List.of(String.valueOf(typed));
    }

    /** The JSON value of a typed value for the tenant API. */
    public Object toJson(Object typed) {
        if (typed instanceof MfaRequirement requirement) {
            return requirement.value();
        }
        if (typed instanceof Set<?> methods) {
            return methods.stream().map(m -> ((MfaMethod) m).value()).toList();
        }
        return typed;
    }
}
