package dev.tenancy.context.policy;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The second factors a tenant may allow (policy key {@code mfa.methods}), each with the Keycloak 26.7.3 authenticators
 * that prove it in a flow, the credential type it stores and the required action that sets it up.
 *
 * <p>An email one-time code is not offered: Keycloak 26.7.3 ships no email-OTP authenticator (its browser
 * authenticators are password, OTP, WebAuthn, passkeys, recovery codes, X.509, Kerberos and identity providers), and a
 * second factor of our own would be a new credential surface to secure and maintain. Validation refuses the value
 * with that reason ({@link #isEmailCode}); see docs/ARCHITECTURE.md, "Tenant policies".</p>
 */
public enum MfaMethod {
    /** Time-based (or counter-based) one-time password from an authenticator app. */
    OTP("otp", Set.of("auth-otp-form", "auth-conditional-otp-form", "direct-grant-validate-otp"), "otp",
            "CONFIGURE_TOTP"),
    /** A WebAuthn security key or platform authenticator used as a second factor after the password. */
    WEBAUTHN("webauthn", Set.of("webauthn-authenticator"), "webauthn", "webauthn-register"),
    /** A passkey (WebAuthn passwordless, with user verification). */
    PASSKEY("passkey", Set.of("webauthn-authenticator-passwordless", "passkeys-authenticator"), "webauthn-passwordless",
            "webauthn-register-passwordless");

    private final String value;
    private final Set<String> authenticators;
    private final String credentialType;
    private final String setupAction;

    MfaMethod(String value, Set<String> authenticators, String credentialType, String setupAction) {
        this.value = value;
        this.authenticators = authenticators;
        this.credentialType = credentialType;
        this.setupAction = setupAction;
    }

    public String value() {
        return value;
    }

    /** Provider ids of the authenticators whose successful execution proves this factor. */
    public Set<String> authenticators() {
        return authenticators;
    }

    /** The Keycloak credential type a user holds when the factor is set up. */
    public String credentialType() {
        return credentialType;
    }

    /** Alias of the required action that sets the factor up. */
    public String setupAction() {
        return setupAction;
    }

    public static Optional<MfaMethod> fromValue(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String wanted = value.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(v -> v.value.equals(wanted)).findFirst();
    }

    /**
     * Whether {@code value} names an email one-time code ({@code email}, {@code email-otp}, {@code email-code}): a
     * method the issue lists but this version does not offer, refused by validation with its own reason instead of
     * "unknown method".
     */
    public static boolean isEmailCode(String value) {
        return value != null && Set.of("email", "email-otp", "email-code", "email_otp")
                .contains(value.trim().toLowerCase(Locale.ROOT));
    }

    public static Optional<MfaMethod> ofAuthenticator(String authenticatorId) {
        return Arrays.stream(values()).filter(v -> v.authenticators.contains(authenticatorId)).findFirst();
    }

    public static Optional<MfaMethod> ofCredentialType(String credentialType) {
        return Arrays.stream(values()).filter(v -> v.credentialType.equals(credentialType)).findFirst();
    }
}
