package dev.tenancy.context.policy;

import org.keycloak.models.PasswordPolicy;
import org.keycloak.models.RealmModel;

/**
 * The realm settings that a tenant policy may tighten but never loosen: the realm's password policy and SSO session
 * timeouts. {@code 0} means "the realm sets no such rule".
 */
public record RealmBaseline(
        int passwordMinLength,
        int passwordUpperCase,
        int passwordLowerCase,
        int passwordDigits,
        int passwordSpecialChars,
        boolean passwordNotUsername,
        boolean passwordNotEmail,
        int passwordHistory,
        int passwordMaxAgeDays,
        int ssoSessionIdleSeconds,
        int ssoSessionMaxSeconds) {

    /** A realm without password rules and without session limits (tests). */
    public static final RealmBaseline NONE = new RealmBaseline(0, 0, 0, 0, 0, false, false, 0, 0, 0, 0);

    public static RealmBaseline of(RealmModel realm) {
        PasswordPolicy policy = realm.getPasswordPolicy();
        return new RealmBaseline(
                intRule(policy, "length"),
                intRule(policy, "upperCase"),
                intRule(policy, "lowerCase"),
                intRule(policy, "digits"),
                intRule(policy, "specialChars"),
                policy != null && policy.getPolicies().contains("notUsername"),
                policy != null && policy.getPolicies().contains("notEmail"),
                Math.max(0, intRule(policy, PasswordPolicy.PASSWORD_HISTORY_ID)),
                Math.max(0, intRule(policy, PasswordPolicy.FORCE_EXPIRED_ID)),
                Math.max(0, realm.getSsoSessionIdleTimeout()),
                Math.max(0, realm.getSsoSessionMaxLifespan()));
    }

    private static int intRule(PasswordPolicy policy, String id) {
        if (policy == null || !policy.getPolicies().contains(id)) {
            return 0;
        }
        Object value = policy.getPolicyConfig(id);
        return value instanceof Integer i ? i : 0;
    }

    /** The realm's value for a numeric password key, 0 when the realm has none. */
    int passwordRule(PolicyKey key) {
        return switch (key) {
            case PASSWORD_MIN_LENGTH -> passwordMinLength;
            case PASSWORD_UPPER_CASE -> passwordUpperCase;
            case PASSWORD_LOWER_CASE -> passwordLowerCase;
            case PASSWORD_DIGITS -> passwordDigits;
            case PASSWORD_SPECIAL_CHARS -> passwordSpecialChars;
            case PASSWORD_HISTORY -> passwordHistory;
            default -> 0;
        };
    }
}
