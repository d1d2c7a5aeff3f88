package dev.tenancy.context.policy;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The second factors a tenant may allow (policy key {@code mfa.methods}), each with the Keycloak 26.7.3 authenticators
 * that prove it in a flow, the credential type it stores and the required action that sets it up.
 *
 * <p>Keycloak 26.7.3 ships no email one-time-code authenticator (its browser authenticators are password, OTP,
 * WebAuthn, passkeys, recovery codes, X.509, Kerberos and identity providers): {@link #EMAIL} is proven by ours,
 * {@code tenancy-email-otp} (tenant-policy), and is offered only where a tenant names it: it is the weakest of the
 * four (the mailbox is a second password, phishable, and needs the realm's SMTP). {@link #SMS} (ours too) and
 * {@link #RECOVERY_CODES} are likewise offered only where a tenant names them.</p>
 */
public enum MfaMethod {
    /** Time-based (or counter-based) one-time password from an authenticator app. */
    OTP(
            "otp",
            Set.of("auth-otp-form", "auth-conditional-otp-form", "direct-grant-validate-otp"),
            "otp",
            "CONFIGURE_TOTP"),
    /** A WebAuthn security key or platform authenticator used as a second factor after the password. */
    WEBAUTHN("webauthn", Set.of("webauthn-authenticator"), "webauthn", "webauthn-register"),
    /** A passkey (WebAuthn passwordless, with user verification). */
    PASSKEY(
            "passkey",
            Set.of("webauthn-authenticator-passwordless", "passkeys-authenticator"),
            "webauthn-passwordless",
            "webauthn-register-passwordless"),
    /**
     * A one-time code mailed to the user's VERIFIED address ({@code tenancy-email-otp}). No credential: a user with a
     * verified email address has it; nothing to set up (a user without one cannot use it).
     */
    EMAIL("email", Set.of("tenancy-email-otp"), null, null),
    /**
     * A one-time code sent by SMS to the user's verified phone number ({@code tenancy-sms-otp}, tenant-policy). The
     * number is a credential of ours ({@value #SMS_CREDENTIAL_TYPE}), set up and verified by the required action
     * {@value #SMS_SETUP_ACTION}, removed like any credential.
     */
    SMS("sms", Set.of("tenancy-sms-otp"), MfaMethod.SMS_CREDENTIAL_TYPE, MfaMethod.SMS_SETUP_ACTION),
    /**
     * Keycloak's recovery codes ({@code auth-recovery-authn-code-form}, credential {@code recovery-authn-codes}, set
     * up by {@code CONFIGURE_RECOVERY_AUTHN_CODES}; feature {@code recovery-codes}, on by default in 26.7.3). A
     * FALLBACK only: it counts where a tenant names it beside another method, is never the method a user is made to
     * set up first, and does not by itself make a user "configured" (see {@link #isFallback()}).
     */
    RECOVERY_CODES(
            "recovery-codes",
            Set.of("auth-recovery-authn-code-form"),
            "recovery-authn-codes",
            "CONFIGURE_RECOVERY_AUTHN_CODES");

    /** Credential type of a verified SMS phone number (the number is in the credential data). */
    public static final String SMS_CREDENTIAL_TYPE = "tenancy.sms-phone";
    /** Provider id (and alias) of the required action that captures and verifies the SMS phone number. */
    public static final String SMS_SETUP_ACTION = "tenancy-sms-phone";
    /**
     * Provider id (and alias) of the required action "Choose a second factor", which offers the tenant's allowed
     * methods when several can be set up (tenant-policy; registered by the realm setup).
     */
    public static final String SETUP_CHOICE_ACTION = "tenancy-mfa-setup-choice";

    /** The methods of a tenant that requires MFA without naming methods: OTP, WebAuthn and passkeys. */
    public static final Set<MfaMethod> DEFAULTS =
            java.util.Collections.unmodifiableSet(EnumSet.of(OTP, WEBAUTHN, PASSKEY));

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

    /** The Keycloak credential type a user holds when the factor is set up; null for {@link #EMAIL}. */
    public String credentialType() {
        return credentialType;
    }

    /** Alias of the required action that sets the factor up; null for {@link #EMAIL}. */
    public String setupAction() {
        return setupAction;
    }

    /** Whether the method only backs up another one (recovery codes): never set up first, never alone. */
    public boolean isFallback() {
        return this == RECOVERY_CODES;
    }

    public static Optional<MfaMethod> fromValue(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String wanted = value.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(v -> v.value.equals(wanted)).findFirst();
    }

    public static Optional<MfaMethod> ofAuthenticator(String authenticatorId) {
        return Arrays.stream(values())
                .filter(v -> v.authenticators.contains(authenticatorId))
                .findFirst();
    }

    public static Optional<MfaMethod> ofCredentialType(String credentialType) {
        return Arrays.stream(values())
                .filter(v -> v.credentialType != null && v.credentialType.equals(credentialType))
                .findFirst();
    }
}
