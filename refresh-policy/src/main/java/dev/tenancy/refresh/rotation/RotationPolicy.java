package dev.tenancy.refresh.rotation;

import java.util.Locale;
import java.util.Map;
import org.keycloak.models.KeycloakSession;

/**
 * The effective refresh-token policy of ONE refresh request: what the client-policy executor
 * {@code tenancy-refresh-rotation} configured for the client. No policy on the request means Keycloak's default
 * behaviour (plus the family claims).
 *
 * @param rotation                 every successful refresh returns a new refresh token and spends the presented one
 * @param graceSeconds             how long the immediately previous token stays usable after a rotation (0-60)
 * @param replayRevokes            what a detected replay revokes
 * @param familyMaxLifespanSeconds absolute lifetime of a family from its first token, 0 for none beyond Keycloak's
 *                                 session lifetimes
 */
public record RotationPolicy(
        boolean rotation, int graceSeconds, ReplayScope replayRevokes, int familyMaxLifespanSeconds) {

    /** Configuration keys of the executor (JSON and admin console). */
    public static final String ROTATION = "rotation";

    public static final String GRACE_SECONDS = "graceSeconds";
    public static final String REPLAY_REVOKES = "replayRevokes";
    public static final String FAMILY_MAX_LIFESPAN_SECONDS = "familyMaxLifespanSeconds";

    public static final int MAX_GRACE_SECONDS = 60;

    /** What an executor without configuration means: rotate, no grace, replay revokes the client session. */
    public static final RotationPolicy DEFAULT = new RotationPolicy(true, 0, ReplayScope.CLIENT_SESSION, 0);

    /** Request-scoped session attribute that carries the policy from the executor to the refresh-token adapter. */
    static final String REQUEST_ATTRIBUTE = "tenancy.refresh.rotation-policy";
    /** Request-scoped session attribute: when the executor saw the request (epoch millis). */
    static final String RECEIVED_AT_ATTRIBUTE = "tenancy.refresh.received-at";

    public RotationPolicy {
        if (graceSeconds < 0 || graceSeconds > MAX_GRACE_SECONDS) {
            throw new IllegalArgumentException(
                    GRACE_SECONDS + " must be 0-" + MAX_GRACE_SECONDS + ", not " + graceSeconds);
        }
        if (familyMaxLifespanSeconds < 0) {
            throw new IllegalArgumentException(
                    FAMILY_MAX_LIFESPAN_SECONDS + " must be 0 (none) or positive, not " + familyMaxLifespanSeconds);
        }
        if (replayRevokes == null) {
            throw new IllegalArgumentException(REPLAY_REVOKES + " is required");
        }
    }

    public long graceMillis() {
        return graceSeconds * 1000L;
    }

    /**
     * Parses an executor configuration. Accepts JSON booleans and numbers as well as their string forms (the admin
     * console sends strings); a missing or blank value takes the default of {@link #DEFAULT}.
     *
     * @throws IllegalArgumentException naming the first invalid setting
     */
    public static RotationPolicy parse(Map<String, ?> config) {
        Map<String, ?> values = config == null ? Map.of() : config;
        return new RotationPolicy(
                parseBoolean(values.get(ROTATION), ROTATION, DEFAULT.rotation),
                parseInt(values.get(GRACE_SECONDS), GRACE_SECONDS, DEFAULT.graceSeconds),
                blank(values.get(REPLAY_REVOKES))
                        ? DEFAULT.replayRevokes
                        : ReplayScope.fromValue(
                                values.get(REPLAY_REVOKES).toString().trim()),
                parseInt(
                        values.get(FAMILY_MAX_LIFESPAN_SECONDS),
                        FAMILY_MAX_LIFESPAN_SECONDS,
                        DEFAULT.familyMaxLifespanSeconds));
    }

    /**
     * Makes this the policy of the current request (the last executor wins when several policies match the client),
     * and notes when the request was received: the executor runs early in the refresh grant, before the token is
     * parsed, long before the family lock; that time is what tells a request in flight during a rotation from a replay.
     */
    public void applyTo(KeycloakSession session, long receivedAtMillis) {
        session.setAttribute(REQUEST_ATTRIBUTE, this);
        if (session.getAttribute(RECEIVED_AT_ATTRIBUTE) == null) {
            session.setAttribute(RECEIVED_AT_ATTRIBUTE, receivedAtMillis);
        }
    }

    /** When the first executor saw the current request, or {@code fallback} when none did. */
    public static long receivedAt(KeycloakSession session, long fallback) {
        Long receivedAt = session.getAttribute(RECEIVED_AT_ATTRIBUTE, Long.class);
        return receivedAt == null ? fallback : receivedAt;
    }

    /** The policy of the current request, or {@code null} when no executor configured one. */
    public static RotationPolicy of(KeycloakSession session) {
        return session.getAttribute(REQUEST_ATTRIBUTE, RotationPolicy.class);
    }

    private static boolean blank(Object value) {
        return value == null || value.toString().isBlank();
    }

    private static boolean parseBoolean(Object value, String key, boolean defaultValue) {
        if (blank(value)) {
            return defaultValue;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        String text = value.toString().trim().toLowerCase(Locale.ROOT);
        if (text.equals("true") || text.equals("false")) {
            return Boolean.parseBoolean(text);
        }
        throw new IllegalArgumentException(key + " must be true or false, not '" + value + "'");
    }

    private static int parseInt(Object value, String key, int defaultValue) {
        if (blank(value)) {
            return defaultValue;
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short) {
            long number = ((Number) value).longValue();
            if (number >= Integer.MIN_VALUE && number <= Integer.MAX_VALUE) {
                return (int) number;
            }
        } else {
            try {
                return Integer.parseInt(value.toString().trim());
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw new IllegalArgumentException(key + " must be a whole number of seconds, not '" + value + "'");
    }
}
