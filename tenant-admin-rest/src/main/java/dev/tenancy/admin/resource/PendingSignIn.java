package dev.tenancy.admin.resource;

import java.util.Optional;

/**
 * The cookie {@value InvitationCookies#SIGN_IN}: the link key, the {@code state} and PKCE verifier of the sign-in this
 * browser started from the invitation page, and when (epoch ms). {@code ~} separates the parts: no part contains it
 * (base64url, a key is {@code <uuid>.<base64url>}).
 */
record PendingSignIn(String key, String state, String verifier, long startedAtMillis) {

    String value() {
        return key + "~" + state + "~" + verifier + "~" + startedAtMillis;
    }

    static Optional<PendingSignIn> parse(String value) {
        if (value == null || value.length() > 512) {
            return Optional.empty();
        }
        String[] parts = value.split("~", -1);
        if (parts.length != 4 || parts[0].isEmpty() || parts[1].isEmpty() || parts[2].isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new PendingSignIn(parts[0], parts[1], parts[2], Long.parseLong(parts[3])));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
