package dev.tenancy.context;

/**
 * Idle and absolute limits of a token family, in seconds; {@code 0} means "no limit of this kind". A family is the
 * chain of refresh tokens of one login; its start is the issue time of its first refresh token (claim
 * {@code tenancy_fiat}), its last activity the issue time of the token presented now.
 *
 * <p>These limits only ever shorten what Keycloak's realm and client session settings already allow: they end a family
 * at refresh and cap the expiry of the refresh token that a refresh returns.</p>
 */
public record SessionLimits(int idleSeconds, int maxLifespanSeconds) {

    public static final SessionLimits NONE = new SessionLimits(0, 0);

    /** Why a family may not be refreshed any more. */
    public enum Expiry {
        IDLE("refresh_token_family_idle_expired", "Refresh token family expired: idle for longer than allowed"),
        MAX_LIFESPAN("refresh_token_family_expired", "Refresh token family expired: maximum lifespan reached");

        private final String reason;
        private final String description;

        Expiry(String reason, String description) {
            this.reason = reason;
            this.description = description;
        }

        /** Value of the event detail {@code tenancy_reason}. */
        public String reason() {
            return reason;
        }

        /** The {@code error_description} of the {@code invalid_grant} response. */
        public String description() {
            return description;
        }
    }

    public SessionLimits {
        if (idleSeconds < 0 || maxLifespanSeconds < 0) {
            throw new IllegalArgumentException("Session limits must be 0 (none) or positive: idle=" + idleSeconds
                    + ", maxLifespan=" + maxLifespanSeconds);
        }
    }

    public boolean isNone() {
        return idleSeconds == 0 && maxLifespanSeconds == 0;
    }

    /** The stricter of both, limit by limit (a 0 never wins over a set limit). */
    public SessionLimits strictest(SessionLimits other) {
        if (other == null || other.isNone()) {
            return this;
        }
        if (isNone()) {
            return other;
        }
        return new SessionLimits(
                min(idleSeconds, other.idleSeconds), min(maxLifespanSeconds, other.maxLifespanSeconds));
    }

    /**
     * Whether a family that started at {@code familyStartedAt} and was last refreshed at {@code lastRefreshAt} (the
     * presented token's issue time) has ended at {@code now}; all in epoch seconds. {@code null} when it has not.
     */
    public Expiry expiry(long now, long familyStartedAt, long lastRefreshAt) {
        if (maxLifespanSeconds > 0 && now >= familyStartedAt + maxLifespanSeconds) {
            return Expiry.MAX_LIFESPAN;
        }
        if (idleSeconds > 0 && now >= lastRefreshAt + idleSeconds) {
            return Expiry.IDLE;
        }
        return null;
    }

    /**
     * The expiry (epoch seconds) of a refresh token issued at {@code now}: Keycloak's {@code expiry} ({@code 0} or
     * {@code null} when Keycloak set none, as for offline tokens without a maximum lifespan), capped by these limits.
     * Returns {@code null} when neither Keycloak nor these limits set one.
     */
    public Long capExpiry(Long expiry, long now, long familyStartedAt) {
        long capped = expiry == null ? 0 : expiry;
        if (maxLifespanSeconds > 0) {
            capped = minPositive(capped, familyStartedAt + maxLifespanSeconds);
        }
        if (idleSeconds > 0) {
            capped = minPositive(capped, now + idleSeconds);
        }
        if (capped == 0) {
            return expiry; // no limit set one either (a ternary would unbox a null expiry)
        }
        return capped;
    }

    private static int min(int a, int b) {
        if (a == 0) {
            return b;
        }
        return b == 0 ? a : Math.min(a, b);
    }

    private static long minPositive(long current, long limit) {
        return current <= 0 ? limit : Math.min(current, limit);
    }
}
