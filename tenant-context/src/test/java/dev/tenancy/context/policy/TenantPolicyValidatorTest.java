package dev.tenancy.context.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class TenantPolicyValidatorTest {

    /** length(8), digits(1), notUsername, passwordHistory(3), forceExpiredPasswordChange(365), SSO 1800 s / 36000 s. */
    static final RealmBaseline REALM = new RealmBaseline(8, 0, 0, 1, 0, true, false, 3, 365, 1_800, 36_000);

    static TenantPolicyValidator.Result validate(Map<String, ?> input) {
        return TenantPolicyValidator.validate(input, REALM);
    }

    @Test
    void aFullValidPolicyParsesToTypedValues() {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("mfa", "admins");
        input.put("mfa.methods", List.of("otp", "webauthn"));
        input.put("password.min-length", 12);
        input.put("password.upper-case", "1");
        input.put("password.lower-case", 1);
        input.put("password.digits", 2);
        input.put("password.special-chars", 1);
        input.put("password.not-username", true);
        input.put("password.not-email", "true");
        input.put("password.history", 5);
        input.put("password.max-age-days", 90);
        input.put("session.idle-seconds", 600);
        input.put("session.max-seconds", 3_600);
        input.put("email.verified-required", true);
        input.put("email.allowed-domains", List.of("Acme.com", "@acme.io"));

        TenantPolicyValidator.Result result = validate(input);

        assertThat(result.errors()).isEmpty();
        TenantPolicy policy = result.policy();
        assertThat(policy.mfa()).isEqualTo(MfaRequirement.ADMINS);
        assertThat(policy.mfaMethods()).containsExactly(MfaMethod.OTP, MfaMethod.WEBAUTHN);
        assertThat(policy.passwordRule(PolicyKey.PASSWORD_MIN_LENGTH)).isEqualTo(12);
        assertThat(policy.passwordRule(PolicyKey.PASSWORD_UPPER_CASE)).isEqualTo(1);
        assertThat(policy.flag(PolicyKey.PASSWORD_NOT_EMAIL)).isTrue();
        assertThat(policy.sessionIdleSeconds()).isEqualTo(600);
        assertThat(policy.sessionMaxSeconds()).isEqualTo(3_600);
        assertThat(policy.emailVerifiedRequired()).isTrue();
        assertThat(policy.emailAllowedDomains()).containsExactly("acme.com", "acme.io");
        assertThat(policy.toJson())
                .containsEntry("mfa", "admins")
                .containsEntry("mfa.methods", List.of("otp", "webauthn"))
                .containsEntry("password.min-length", 12)
                .containsEntry("email.allowed-domains", List.of("acme.com", "acme.io"));
    }

    @Test
    void anEmptyBodyIsTheEmptyPolicyAndNullUnsetsAKey() {
        assertThat(validate(Map.of()).policy()).isEqualTo(TenantPolicy.EMPTY);
        Map<String, Object> input = new HashMap<>();
        input.put("password.min-length", null);
        assertThat(validate(input).policy().isEmpty()).isTrue();
    }

    @Nested
    class BadInput {

        @Test
        void unknownKeysAreNamed() {
            TenantPolicyValidator.Result result = validate(Map.of("password.minLength", 12));
            assertThat(result.ok()).isFalse();
            assertThat(result.policy()).isNull();
            assertThat(result.errorsByField()).containsOnlyKeys("password.minLength");
            assertThat(result.errorsByField().get("password.minLength")).contains("unknown policy key");
        }

        @Test
        void wrongTypesAreNamed() {
            TenantPolicyValidator.Result result = validate(Map.of(
                    "password.min-length",
                    "twelve",
                    "session.idle-seconds",
                    600.5,
                    "email.verified-required",
                    "yes",
                    "mfa",
                    1,
                    "email.allowed-domains",
                    42));
            assertThat(result.errorsByField())
                    .containsOnlyKeys(
                            "password.min-length",
                            "session.idle-seconds",
                            "email.verified-required",
                            "mfa",
                            "email.allowed-domains");
            assertThat(result.errorsByField().get("password.min-length"))
                    .contains("whole number")
                    .contains("'twelve'");
            assertThat(result.errorsByField().get("email.verified-required")).contains("true or false");
        }

        @Test
        void valuesOutOfRangeAreNamed() {
            TenantPolicyValidator.Result result = validate(Map.of(
                    "password.min-length",
                    300,
                    "password.history",
                    0,
                    "session.idle-seconds",
                    5,
                    "password.max-age-days",
                    -1,
                    "mfa",
                    "sometimes",
                    "mfa.methods",
                    List.of("voice")));
            assertThat(result.errorsByField())
                    .containsOnlyKeys(
                            "password.min-length",
                            "password.history",
                            "session.idle-seconds",
                            "password.max-age-days",
                            "mfa",
                            "mfa.methods");
            assertThat(result.errorsByField().get("password.min-length"))
                    .contains("from 1 to 256")
                    .contains("300");
            assertThat(result.errorsByField().get("mfa.methods")).contains("voice");
        }

        @Test
        void listsMustBeListsOfValidItems() {
            assertThat(validate(Map.of("mfa", "all", "mfa.methods", List.of())).errorsByField())
                    .containsKey("mfa.methods");
            assertThat(validate(Map.of("mfa", "all", "mfa.methods", List.of("otp", "otp")))
                            .errorsByField())
                    .containsKey("mfa.methods");
            assertThat(validate(Map.of("mfa", "all", "mfa.methods", List.of("otp", "email")))
                            .policy()
                            .mfaMethods())
                    .containsExactly(MfaMethod.OTP, MfaMethod.EMAIL);
            assertThat(validate(Map.of("mfa", "all", "mfa.methods", List.of("sms", "recovery-codes")))
                            .policy()
                            .mfaMethods())
                    .containsExactly(MfaMethod.SMS, MfaMethod.RECOVERY_CODES);
            assertThat(validate(Map.of("mfa", "all", "mfa.methods", List.of("recovery-codes")))
                            .errorsByField()
                            .get("mfa.methods"))
                    .contains("fallback");
            assertThat(validate(Map.of(
                                    "mfa",
                                    "all",
                                    "mfa.methods",
                                    List.of("otp", "webauthn", "passkey", "email", "sms", "recovery-codes")))
                            .policy()
                            .mfaMethods())
                    .hasSize(6);
            assertThat(validate(Map.of("email.allowed-domains", List.of("not a domain")))
                            .errorsByField())
                    .containsKey("email.allowed-domains");
            assertThat(validate(Map.of("email.allowed-domains", List.of(1, 2))).errorsByField())
                    .containsKey("email.allowed-domains");
        }

        @Test
        @SuppressWarnings("unchecked")
        void everyErrorIsInTheErrorBody() {
            Map<String, Object> body =
                    validate(Map.of("password.min-length", 4, "foo", "bar")).errorBody();
            assertThat(body).containsEntry("error", "invalid_request");
            assertThat((String) body.get("error_description"))
                    .contains("password.min-length")
                    .contains("foo");
            assertThat((Map<String, Object>) body.get("fields")).containsOnlyKeys("password.min-length", "foo");
        }
    }

    @Nested
    class NeverWeakerThanTheRealm {

        @Test
        void passwordRulesBelowTheRealmsAreRefused() {
            TenantPolicyValidator.Result result = validate(Map.of(
                    "password.min-length",
                    6,
                    "password.digits",
                    0,
                    "password.not-username",
                    false,
                    "password.history",
                    2));
            assertThat(result.errorsByField())
                    .containsOnlyKeys(
                            "password.min-length", "password.digits", "password.not-username", "password.history");
            assertThat(result.errorsByField().get("password.min-length")).contains("at least 8");
        }

        @Test
        void theRealmsValuesThemselvesAreFine() {
            assertThat(validate(Map.of(
                                    "password.min-length",
                                    8,
                                    "password.digits",
                                    1,
                                    "password.not-username",
                                    true,
                                    "password.history",
                                    3,
                                    "password.max-age-days",
                                    365,
                                    "session.idle-seconds",
                                    1_800,
                                    "session.max-seconds",
                                    36_000))
                            .errors())
                    .isEmpty();
        }

        @Test
        void timeoutsLongerThanTheRealmsAreRefused() {
            TenantPolicyValidator.Result result =
                    validate(Map.of("session.idle-seconds", 1_801, "session.max-seconds", 36_001));
            assertThat(result.errorsByField()).containsOnlyKeys("session.idle-seconds", "session.max-seconds");
            assertThat(result.errorsByField().get("session.idle-seconds")).contains("1800");
        }

        @Test
        void anIdleTimeoutLongerThanTheTenantsMaximumIsRefused() {
            assertThat(validate(Map.of("session.idle-seconds", 900, "session.max-seconds", 600))
                            .errorsByField())
                    .containsOnlyKeys("session.idle-seconds");
        }

        @Test
        void aPasswordMaximumAgeLongerThanTheRealmsForcedExpiryIsRefused() {
            assertThat(validate(Map.of("password.max-age-days", 400)).errorsByField())
                    .containsOnlyKeys("password.max-age-days");
            assertThat(TenantPolicyValidator.validate(Map.of("password.max-age-days", 400), RealmBaseline.NONE)
                            .ok())
                    .isTrue();
        }
    }

    @Nested
    class Attributes {

        @Test
        void consoleValuesAreStringsAndListsMayBeCommaSeparated() {
            TenantPolicy policy = TenantPolicy.fromAttributes(Map.of(
                    "tenancy.policy.mfa", List.of("all"),
                    "tenancy.policy.mfa.methods", List.of("otp, passkey"),
                    "tenancy.policy.email.allowed-domains", List.of("acme.com", "acme.io"),
                    "tenancy.branding.color", List.of("red"),
                    "other", List.of("x")));
            assertThat(policy.problems()).isEmpty();
            assertThat(policy.mfa()).isEqualTo(MfaRequirement.ALL);
            assertThat(policy.mfaMethods()).containsExactly(MfaMethod.OTP, MfaMethod.PASSKEY);
            assertThat(policy.emailAllowedDomains()).containsExactly("acme.com", "acme.io");
        }

        @Test
        void invalidStoredValuesAreSkippedAndReported() {
            TenantPolicy policy = TenantPolicy.fromAttributes(Map.of(
                    "tenancy.policy.session.idle-seconds",
                    List.of("soon"),
                    "tenancy.policy.unknown",
                    List.of("1"),
                    "tenancy.policy.mfa",
                    List.of("all")));
            assertThat(policy.sessionIdleSeconds()).isZero();
            assertThat(policy.mfa()).isEqualTo(MfaRequirement.ALL);
            assertThat(policy.problems())
                    .containsOnlyKeys("tenancy.policy.session.idle-seconds", "tenancy.policy.unknown");
        }

        @Test
        void applyToReplacesOnlyPolicyAttributes() {
            TenantPolicy policy =
                    validate(Map.of("mfa", "all", "password.min-length", 10)).policy();
            Map<String, List<String>> attributes = policy.applyTo(Map.of(
                    "tenancy.policy.session.idle-seconds", List.of("600"), "tenancy.branding.logo", List.of("x")));
            assertThat(attributes)
                    .containsOnly(
                            Map.entry("tenancy.branding.logo", List.of("x")),
                            Map.entry("tenancy.policy.mfa", List.of("all")),
                            Map.entry("tenancy.policy.password.min-length", List.of("10")));
            assertThat(TenantPolicy.fromAttributes(attributes)).isEqualTo(policy);
        }

        @Test
        void attributesAreValidatedLikeTheApi() {
            assertThat(TenantPolicyValidator.validateAttributes(
                                    Map.of("tenancy.policy.session.idle-seconds", List.of("7200")), REALM)
                            .errorsByField())
                    .containsOnlyKeys("session.idle-seconds");
        }
    }

    @Nested
    class EmailDomains {

        @Test
        void anyDomainWithoutRules() {
            assertThat(TenantPolicy.EMPTY.allowsEmail("someone@anywhere.test")).isTrue();
        }

        @Test
        void onlyTheListedDomainsExactly() {
            TenantPolicy policy = validate(Map.of("email.allowed-domains", List.of("acme.com")))
                    .policy();
            assertThat(policy.allowsEmail("alice@acme.com")).isTrue();
            assertThat(policy.allowsEmail("Alice@ACME.COM")).isTrue();
            assertThat(policy.allowsEmail("eve@evil.com")).isFalse();
            assertThat(policy.allowsEmail("eve@sub.acme.com")).isFalse();
            assertThat(policy.allowsEmail("eve@acme.com.evil.com")).isFalse();
            assertThat(policy.allowsEmail("no-at-sign")).isFalse();
            assertThat(policy.allowsEmail(null)).isFalse();
        }
    }

    @Nested
    class Mfa {

        @Test
        void whoMustUseASecondFactor() {
            TenantPolicy admins = validate(Map.of("mfa", "admins")).policy();
            assertThat(admins.requiresMfa(true)).isTrue();
            assertThat(admins.requiresMfa(false)).isFalse();
            TenantPolicy all = validate(Map.of("mfa", "all")).policy();
            assertThat(all.requiresMfa(false)).isTrue();
            assertThat(TenantPolicy.EMPTY.requiresMfa(true)).isFalse();
            assertThat(TenantPolicy.EMPTY.mfaMethods())
                    .as("email only when named")
                    .containsExactlyInAnyOrder(MfaMethod.OTP, MfaMethod.WEBAUTHN, MfaMethod.PASSKEY);
        }

        @Test
        void methodsMapToKeycloaksAuthenticatorsAndCredentials() {
            assertThat(MfaMethod.ofAuthenticator("auth-otp-form")).contains(MfaMethod.OTP);
            assertThat(MfaMethod.ofAuthenticator("webauthn-authenticator")).contains(MfaMethod.WEBAUTHN);
            assertThat(MfaMethod.ofAuthenticator("auth-username-password-form")).isEmpty();
            assertThat(MfaMethod.ofCredentialType("webauthn-passwordless")).contains(MfaMethod.PASSKEY);
            assertThat(MfaMethod.ofAuthenticator("tenancy-email-otp")).contains(MfaMethod.EMAIL);
            assertThat(MfaMethod.ofCredentialType("password")).isEmpty();
        }
    }
}
