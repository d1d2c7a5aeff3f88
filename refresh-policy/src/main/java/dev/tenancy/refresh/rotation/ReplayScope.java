package dev.tenancy.refresh.rotation;

import java.util.Arrays;
import java.util.List;

/** What a detected refresh-token replay revokes (executor setting {@code replayRevokes}). */
public enum ReplayScope {

    /** The client session the family belongs to: every refresh token of that client in that user session. */
    CLIENT_SESSION("client-session"),
    /** The whole user (SSO) session: every client of it, as a logout (backchannel logout is sent). */
    USER_SESSION("user-session"),
    /** Every session of the user, online and offline, and the user's tokens issued before now ("not before"). */
    ALL_USER_SESSIONS("all-user-sessions");

    private final String value;

    ReplayScope(String value) {
        this.value = value;
    }

    /** The configuration value, also the event detail {@code tenancy_revoked}. */
    public String value() {
        return value;
    }

    public static List<String> configValues() {
        return Arrays.stream(values()).map(ReplayScope::value).toList();
    }

    /** @throws IllegalArgumentException for anything but the three configuration values */
    public static ReplayScope fromValue(String value) {
        for (ReplayScope scope : values()) {
            if (scope.value.equals(value)) {
                return scope;
            }
        }
        throw new IllegalArgumentException("replayRevokes must be one of " + configValues() + ", not '" + value + "'");
    }
}
